package io.provisor.store;

import java.time.Instant;

/** The rows of a provisioning job's tables: job state, links, escrows, staged deletions and the write journal. */
public final class JobRows {

    private JobRows() {
    }

    /**
     * A provisioning job's persistent state.
     *
     * @param state       NotRun, Active, Paused or Quarantine (Quarantine keeps the job scheduled, less often)
     * @param watermark   the change-feed position every committed cycle has processed; null before the first cycle
     * @param revision    the rule-set revision of the last completed cycle; a different active revision means a new initial cycle
     * @param cycleId     the cycle in progress (or interrupted), null when none
     * @param cycleCursor the last source id an interrupted initial cycle had finished everything up to
     * @param lastCycle   JSON summary of the last completed cycle
     */
    public record Job(String app, String state, Long watermark, String revision, String cycleId, String cycleKind,
                      String cycleCursor, Instant cycleStartedAt, QuarantineRow quarantine, String lastCycle) {

        public static Job notRun(String app) {
            return new Job(app, "NotRun", null, null, null, null, null, null, null, null);
        }

        public Job withState(String newState) {
            return new Job(app, newState, watermark, revision, cycleId, cycleKind, cycleCursor, cycleStartedAt, quarantine, lastCycle);
        }

        public Job withQuarantine(QuarantineRow row) {
            return new Job(app, state, watermark, revision, cycleId, cycleKind, cycleCursor, cycleStartedAt, row, lastCycle);
        }

        public Job withCycle(String id, String kind, String cursor, Instant startedAt) {
            return new Job(app, state, watermark, revision, id, kind, cursor, startedAt, quarantine, lastCycle);
        }

        public Job withWatermark(Long newWatermark, String newRevision) {
            return new Job(app, state, newWatermark, newRevision, cycleId, cycleKind, cycleCursor, cycleStartedAt, quarantine, lastCycle);
        }

        public Job withLastCycle(String summary) {
            return new Job(app, state, watermark, revision, cycleId, cycleKind, cycleCursor, cycleStartedAt, quarantine, summary);
        }
    }

    /** Why and since when a job is quarantined, and when it tries again (Graph's synchronizationQuarantine). */
    public record QuarantineRow(String reason, String error, Instant seriesBegan, Instant currentBegan, Instant nextAttempt,
                                int seriesCount) {
    }

    /** A source object and the target object provisor created or matched for it. */
    public record Link(String app, String objectType, String sourceId, String targetId, String displayName, Instant linkedAt,
                       String cycleId) {
    }

    /** A failed object waiting for its next attempt. */
    public record Escrow(String app, String objectType, String sourceId, int attempts, Instant firstFailedAt,
                         Instant nextAttemptAt, String errorCode, String reason) {
    }

    /**
     * A disable or delete held back because a cycle wanted more of them than the app's threshold.
     *
     * @param ruleId the rule that decided it
     * @param cause  what changed: the directory change or the rule-set revision change behind it
     */
    public record Staged(String app, String objectType, String sourceId, String action, String displayName, String code,
                         String ruleId, String cause, String cycleId, Instant stagedAt) {
    }

    /** A target write that was started; present only until its outcome is committed. */
    public record Journal(String app, String objectType, String sourceId, String action, String cycleId, Instant startedAt) {
    }
}
