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
}
