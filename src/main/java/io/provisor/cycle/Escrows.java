package io.provisor.cycle;

import io.provisor.connector.TargetError;
import io.provisor.store.JobRows.Escrow;
import java.time.Duration;
import java.time.Instant;

/**
 * When a failed object is tried again: after the app's base backoff, doubling with every further failure
 * up to a day, as Entra scales back its retries. After 28 days of failures the object is given up.
 */
final class Escrows {

    static final Duration MAX_WAIT = Duration.ofDays(1);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(28);

    private Escrows() {
    }

    static Escrow next(Escrow previous, String app, String objectType, String sourceId, TargetError error, Duration base, Instant now) {
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        Instant first = previous == null ? now : previous.firstFailedAt();
        Duration wait = base.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(MAX_WAIT) > 0 || wait.isNegative()) {
            wait = MAX_WAIT;
        }
        return new Escrow(app, objectType, sourceId, attempts, first, now.plus(wait), error.code(), error.reason());
    }

    /** The object has failed for so long that retrying stops (the log says so). */
    static boolean givenUp(Escrow escrow, Instant now) {
        return escrow != null && Duration.between(escrow.firstFailedAt(), now).compareTo(GIVE_UP_AFTER) > 0;
    }
}
