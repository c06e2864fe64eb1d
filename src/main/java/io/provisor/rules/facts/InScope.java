package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user passes a scoping filter (an inclusion derived by a scoping rule).
 *
 * <p>In DRL: {@code insertLogical(new InScope("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record InScope(Map<String, String> values) implements Finding {

    public InScope {
        values = Map.copyOf(values);
    }

    public InScope(Object... namesAndValues) {
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
