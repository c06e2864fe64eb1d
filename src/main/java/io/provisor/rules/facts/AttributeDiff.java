package io.provisor.rules.facts;

import java.util.Map;

/**
 * A target attribute whose current value differs from what provisor would write (inserted by the
 * engine before the rules fire). No diff for an account means an update would change nothing.
 */
public record AttributeDiff(String name, Object oldValue, Object newValue) implements Finding {

    @Override
    public Map<String, String> values() {
        return Map.of("name", name, "old", String.valueOf(oldValue), "new", String.valueOf(newValue));
    }
}
