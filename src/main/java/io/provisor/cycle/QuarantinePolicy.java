package io.provisor.cycle;

import io.provisor.store.JobRows.QuarantineRow;
import java.time.Duration;
import java.time.Instant;

/**
 * Entra's quarantine rules (spec §5.1): when a job enters quarantine, when it tries again (6 hours after
 * the series began, then 12, then 24, then every 24 hours), and when it gives up (four weeks).
 */
final class QuarantinePolicy {

    static final Duration GIVE_UP_AFTER = Duration.ofDays(28);

    static final String CREDENTIALS = "EncounteredQuarantineException";
    static final String PROPORTION = "EncounteredEscrowProportionThreshold";
    static final String TOTAL = "EncounteredTotalEscrowThreshold";
    static final String TOO_MANY_DELETES = "TooManyDeletes";

    private QuarantinePolicy() {
    }

    /** The reason a finished cycle's failures quarantine the job, or null when they do not. */
    static String reason(CycleProgress cycle, JobSettings.QuarantineThresholds limits) {
        long all = cycle.failures();
        long failures = all - cycle.referenceFailures();
        if (failures >= limits.minFailures()) {
            if (failures > limits.maxFailures()) {
                return TOTAL;
            }
            if (failures > limits.failureRatio() * cycle.processed()) {
                return PROPORTION;
            }
        }
        return all > limits.absoluteFailures() ? TOTAL : null;
    }

    /** Enters quarantine, or continues a series (the reason may change; the series keeps its start). */
    static QuarantineRow enter(QuarantineRow current, String reason, String error, Instant now) {
        Instant seriesBegan = current == null ? now : current.seriesBegan();
        int count = current == null ? 1 : current.seriesCount() + 1;
        Instant next = TOO_MANY_DELETES.equals(reason) ? null : seriesBegan.plus(wait(count));
        if (next != null && !next.isAfter(now)) {
            next = now.plus(Duration.ofHours(24));
        }
        return new QuarantineRow(reason, error, seriesBegan, now, next, count);
    }

    /** From the first failure: 6 h, 12 h, 24 h, then every further 24 h. */
    static Duration wait(int seriesCount) {
        return switch (seriesCount) {
            case 1 -> Duration.ofHours(6);
            case 2 -> Duration.ofHours(12);
            default -> Duration.ofHours(24L * (seriesCount - 2));
        };
    }

    static boolean expired(QuarantineRow quarantine, Instant now) {
        return quarantine != null && Duration.between(quarantine.seriesBegan(), now).compareTo(GIVE_UP_AFTER) > 0;
    }
}
