package io.provisor.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step of an explanation: what provisor looked at and what it concluded. Null details are left out. */
public record Step(StepType type, String name, StepStatus status, String description, Map<String, Object> details) {
    public Step {
        Map<String, Object> kept = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value);
            }
        });
        details = Collections.unmodifiableMap(kept);
    }
}
