package io.provisor.mapping.expr;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code Name(arg, ...)}, bound at parse time to its function. */
record Call(FunctionSpec function, List<Node> args, int offset) implements Node {

    Call {
        args = List.copyOf(args);
    }

    @Override
    public Object evaluate(Expression.Context context) {
        Args evaluation = new Args(this, context);
        Object result = function.body().apply(evaluation);
        if (evaluation.redacted() && result != null && result != Expression.IGNORE && !(result instanceof Redacted)) {
            return new Redacted(result);
        }
        return result;
    }

    @Override
    public void collectAttributes(Set<String> into, boolean readOnly) {
        if (readOnly && !function.readsArguments()) {
            return;
        }
        args.forEach(arg -> arg.collectAttributes(into, readOnly));
    }

    String name() {
        return function.name();
    }

    boolean given(int index) {
        return index < args.size() && !(args.get(index) instanceof Node.Omitted);
    }

    /** The argument's value when it is written as a literal, so that it can be checked before any user. */
    Optional<Object> literal(int index) {
        return index < args.size() && args.get(index) instanceof Node.Literal literal
                ? Optional.of(literal.value()) : Optional.empty();
    }

    int offsetOf(int index) {
        return index < args.size() ? args.get(index).offset() : offset;
    }

    ExpressionError invalid(int index, String message) {
        return ExpressionError.invalidArgument(message, offsetOf(index));
    }
}
