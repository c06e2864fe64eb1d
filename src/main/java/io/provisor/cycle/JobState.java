package io.provisor.cycle;

/** A provisioning job's state, as Graph's synchronizationStatus names it (plus Disabled after four weeks of quarantine). */
public enum JobState {
    NotRun, Active, Paused, Quarantine, Disabled
}
