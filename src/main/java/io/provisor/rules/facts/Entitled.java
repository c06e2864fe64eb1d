package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user is entitled to the app (an inclusion derived by an entitlement rule).
 *
 * <p>In DRL: {@code insertLogical(new Entitled("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record Entitled(Map<String, String> values) implements Finding {

    public Entitled {
        values = Map.copyOf(values);
    }

    public Entitled(Object... namesAndValues) {
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
