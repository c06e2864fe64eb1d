package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user fails the app's scoping filters (an exclusion derived by a scoping rule).
 *
 * <p>In DRL: {@code insertLogical(new OutOfScope("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record OutOfScope(Map<String, String> values) implements Finding {

    public OutOfScope {
        values = Map.copyOf(values);
    }

    public OutOfScope(Object... namesAndValues) {
        this(Finding.pairs(namesAndValues));
    }

    /** Identity, not value, equality: two rules deriving alike facts must both be cited (see {@link Finding}). */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
