package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user is in provisioning scope: entitled, in scope and active, with no exclusion.
 *
 * <p>In DRL: {@code insertLogical(new Eligible("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record Eligible(Map<String, String> values) implements Finding {

    public Eligible {
        values = Map.copyOf(values);
    }

    public Eligible(Object... namesAndValues) {
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
