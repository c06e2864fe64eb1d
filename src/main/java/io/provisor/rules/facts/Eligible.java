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
}
