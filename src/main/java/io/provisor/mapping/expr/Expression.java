package io.provisor.mapping.expr;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * An attribute-mapping expression, parsed once and evaluated many times. Immutable, so one instance may
 * be evaluated by many threads at once; everything that varies (attributes, roles, clock, randomness)
 * comes from the {@link Context}.
 */
public final class Expression {

    /** IgnoreFlowIfNullOrEmpty's "drop this attribute from the flow". */
    public static final Object IGNORE = new Object() {
        @Override
        public String toString() {
            return "IGNORE";
        }
    };

    private final String text;
    private final Node root;
    private final Set<String> attributes;

    private Expression(String text, Node root) {
        this.text = text;
        this.root = root;
        Set<String> names = new LinkedHashSet<>();
        root.collectAttributes(names);
        this.attributes = Collections.unmodifiableSet(names);
    }

    /** Parses once; throws ExpressionError (code, message, 0-based offset) for any problem. */
    public static Expression parse(String text, Predicate<String> knownAttribute) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(knownAttribute, "knownAttribute");
        return new Expression(text, new Parser(text, knownAttribute).parseWhole());
    }

    /**
     * Evaluates without re-parsing. Returns null, a String, Boolean, Long, Double (an attribute's own
     * value), a List, a {@link Redacted} or {@link #IGNORE}; throws ExpressionError when an argument
     * known only now is invalid (a date that does not parse, say).
     */
    public Object evaluate(Context context) {
        try {
            return root.evaluate(context);
        } catch (Ignored ignored) {
            return IGNORE;
        }
    }

    /** Every {@code [attribute]} the expression names, in order of first appearance. */
    public Set<String> attributes() {
        return attributes;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** What an evaluation may read. */
    public interface Context {

        /** Null when absent; otherwise a String, Boolean, Long, Double or List of String. */
        Object attribute(String name);

        /** The user's roles in the app, for the role functions. */
        List<AppRole> appRoleAssignments();

        Instant now();

        /** The source of Guid and RandomString, so that tests can pass a seeded one. */
        RandomGenerator random();

        /**
         * Whether the target already holds {@code candidate} for the attribute being mapped: the check
         * SelectUniqueValue makes. The default, no target to ask, takes every candidate as free.
         */
        default boolean valueTaken(String candidate) {
            return false;
        }
    }

    /** One app role assigned to the user. */
    public record AppRole(String id, String value, String displayName) {
    }
}
