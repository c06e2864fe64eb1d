package io.provisor.rules.facts;

import java.util.Map;

/** An account in the target app: its id there and its current attributes. */
public record TargetObject(String id, Map<String, Object> attributes) {

    public TargetObject {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
