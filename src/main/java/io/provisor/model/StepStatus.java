package io.provisor.model;

import java.util.Locale;

/** Outcome of one step, with Entra's vocabulary. */
public enum StepStatus {
    SUCCESS, SKIPPED, FAILURE, WARNING;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
