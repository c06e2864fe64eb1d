package io.provisor.mapping.expr;

import java.util.Set;

/** A node of a parsed expression. Immutable; evaluation state lives in {@link Args}. */
sealed interface Node permits Node.Literal, Node.Attribute, Node.Omitted, Comparison, Call {

    /** 0-based position of the node's first character in the expression text. */
    int offset();

    Object evaluate(Expression.Context context);

    /** Adds every attribute this node names; {@code readOnly} leaves out names that are never read. */
    void collectAttributes(Set<String> into, boolean readOnly);

    default void collectAttributes(Set<String> into) {
        collectAttributes(into, false);
    }

    /** A string, a whole number, True, False or a compare-mode constant. */
    record Literal(Object value, int offset) implements Node {

        @Override
        public Object evaluate(Expression.Context context) {
            return value;
        }

        @Override
        public void collectAttributes(Set<String> into, boolean readOnly) {
        }
    }

    /** {@code [name]}: the user's value of that attribute, null when absent. */
    record Attribute(String name, int offset) implements Node {

        @Override
        public Object evaluate(Expression.Context context) {
            return Values.fromAttribute(context.attribute(name));
        }

        @Override
        public void collectAttributes(Set<String> into, boolean readOnly) {
            into.add(name);
        }
    }

    /** An optional argument left out, as in {@code Replace([x], , "re", , "", , )}. */
    record Omitted(int offset) implements Node {

        @Override
        public Object evaluate(Expression.Context context) {
            return null;
        }

        @Override
        public void collectAttributes(Set<String> into, boolean readOnly) {
        }
    }
}
