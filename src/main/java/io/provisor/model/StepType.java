package io.provisor.model;

import java.util.Locale;

/** The steps of Entra's pipeline, in the order an object goes through them. */
public enum StepType {
    IMPORT, SCOPING, MATCHING, PROCESSING;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
