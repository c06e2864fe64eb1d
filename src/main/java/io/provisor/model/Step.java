package io.provisor.model;

import java.util.Map;

/** One step of an explanation: what provisor looked at and what it concluded. */
public record Step(StepType type, String name, StepStatus status, String description, Map<String, Object> details) {
    public Step {
        details = Map.copyOf(details);
    }
}
