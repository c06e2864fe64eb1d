package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user is not effectively entitled to the app (an exclusion derived by an entitlement rule).
 *
 * <p>In DRL: {@code insertLogical(new NotEntitled("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record NotEntitled(Map<String, String> values) implements Finding {

    public NotEntitled {
        values = Map.copyOf(values);
    }

    public NotEntitled(Object... namesAndValues) {
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
