package io.provisor.rules.facts;

import java.util.Map;

/**
 * The user lacks something provisioning needs, such as a matching attribute (an exclusion).
 *
 * <p>In DRL: {@code insertLogical(new RequirementFailed("name", value, ...))}; the values fill the rule's {@code @reason}.
 */
public record RequirementFailed(Map<String, String> values) implements Finding {

    public RequirementFailed {
        values = Map.copyOf(values);
    }

    public RequirementFailed(Object... namesAndValues) {
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
