package io.provisor.cycle;

import io.provisor.connector.TargetError;
import io.provisor.model.LogEntry;
import java.time.Duration;
import java.util.Map;

/**
 * What the earlier attempts of one object in a cycle ran into, and whether another attempt follows now rather
 * than in a later cycle. The record the last attempt logs says so, so an admin sees why the object took longer.
 *
 * @param throttled      how long the target's {@code Retry-After} made the object wait in all
 * @param throttles      how many attempts the target throttled
 * @param lostConnection the error of an attempt whose connection failed before the target answered, or null
 */
record Retries(Duration throttled, int throttles, TargetError lostConnection) {

    /** A throttled object is tried this many times within the cycle before it goes to escrow. */
    static final int THROTTLED_ATTEMPTS = 5;

    static final Retries NONE = new Retries(Duration.ZERO, 0, null);

    /**
     * The retries after an attempt failed with {@code error}, or null when the object goes to escrow instead. A
     * throttled attempt is tried again after the target's wait. An attempt whose connection failed before any
     * answer (a keep-alive connection the target had just closed, a reset) is tried again once, at once: the
     * next attempt matches the user again, so a create the target did apply is found and linked, not sent twice.
     * A timeout is not: a target too slow to answer is left alone until a later cycle.
     */
    Retries after(TargetError error) {
        if ("TooManyRequests".equals(error.code())) {
            return throttles + 1 < THROTTLED_ATTEMPTS ? new Retries(
                    throttled.plus(error.retryAfter() == null ? TargetGate.DEFAULT_BACKOFF : error.retryAfter()), throttles + 1,
                    lostConnection) : null;
        }
        return error.unanswered() && lostConnection == null ? new Retries(throttled, throttles, error) : null;
    }

    /** The record with a step for each kind of retry that came before it. */
    LogEntry noted(LogEntry entry) {
        LogEntry noted = entry;
        if (!throttled.isZero()) {
            noted = LogRecords.withNote(noted, "EntryDeferred", "deferred, target throttled: waited " + throttled.toMillis()
                    + " ms as the target's Retry-After asked", Map.of("ThrottledMillis", throttled.toMillis()));
        }
        if (lostConnection != null) {
            noted = LogRecords.withStep(noted, LogRecords.retried(lostConnection, "user"));
        }
        return noted;
    }
}
