package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import java.time.Duration;

/**
 * How an app's provisioning job runs, from the {@code provisioning} object of its app.json. Every
 * field is optional; the defaults follow Entra where Entra documents one.
 *
 * @param interval           time between incremental cycles (Entra: 40 minutes)
 * @param eventMode          a directory change starts a small incremental cycle within {@code debounce}
 * @param concurrency        requests in flight to the target at once
 * @param requestsPerSecond  cap on requests to the target, 0 for none
 * @param deletionThreshold  disables and deletes one cycle may make before they are held; 0 turns the check off
 * @param escrowBackoff      wait before the first retry of a failed object; doubled for each further failure
 * @param startOnLaunch      the job starts when provisor starts, without a start request
 * @param commitLinger       how long a cycle gathers outcomes before committing them together, unless a worker waits
 */
public record JobSettings(Duration interval, boolean eventMode, Duration debounce, int concurrency, double requestsPerSecond,
                          int deletionThreshold, QuarantineThresholds quarantine, Duration escrowBackoff, boolean startOnLaunch,
                          Duration commitLinger) {

    public static final JobSettings DEFAULTS = new JobSettings(Duration.ofMinutes(40), false, Duration.ofMillis(500), 4, 0, 500,
            QuarantineThresholds.ENTRA, Duration.ofMinutes(40), false, Duration.ofMillis(50));

    /** The longest {@code commitLingerMillis}: outcomes nobody waits for stay uncommitted for at most this long. */
    static final int MAX_COMMIT_LINGER_MILLIS = 60_000;

    /**
     * Entra's escrow thresholds: evaluated from {@code minFailures} failures on, quarantine when more than
     * {@code failureRatio} of the events failed or more than {@code maxFailures} failed (reference updates
     * excluded from both), or more than {@code absoluteFailures} including reference updates.
     */
    public record QuarantineThresholds(int minFailures, double failureRatio, int maxFailures, int absoluteFailures) {
        public static final QuarantineThresholds ENTRA = new QuarantineThresholds(5000, 0.4, 40000, 60000);
    }

    /** Reads the {@code provisioning} object; a missing node gives the defaults. */
    public static JobSettings read(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            throw new BadInput("/provisioning", "provisioning settings must be an object");
        }
        JsonNode q = node.path("quarantine");
        QuarantineThresholds thresholds = new QuarantineThresholds(
                positive(q, "minFailures", DEFAULTS.quarantine.minFailures(), "/provisioning/quarantine"),
                ratio(q.path("failureRatio"), DEFAULTS.quarantine.failureRatio()),
                positive(q, "maxFailures", DEFAULTS.quarantine.maxFailures(), "/provisioning/quarantine"),
                positive(q, "absoluteFailures", DEFAULTS.quarantine.absoluteFailures(), "/provisioning/quarantine"));
        int concurrency = positive(node, "concurrency", DEFAULTS.concurrency, "/provisioning");
        if (concurrency < 1 || concurrency > 64) {
            throw new BadInput("/provisioning/concurrency", "concurrency must be between 1 and 64");
        }
        int linger = positive(node, "commitLingerMillis", (int) DEFAULTS.commitLinger.toMillis(), "/provisioning");
        if (linger > MAX_COMMIT_LINGER_MILLIS) {
            throw new BadInput("/provisioning/commitLingerMillis", "commitLingerMillis must be at most " + MAX_COMMIT_LINGER_MILLIS);
        }
        return new JobSettings(
                Duration.ofSeconds(Math.max(1, Math.round(number(node, "intervalMinutes", 40) * 60))),
                node.path("eventMode").asBoolean(DEFAULTS.eventMode),
                Duration.ofMillis(positive(node, "debounceMillis", 500, "/provisioning")),
                concurrency,
                number(node, "requestsPerSecond", 0),
                positive(node, "deletionThreshold", DEFAULTS.deletionThreshold, "/provisioning"),
                thresholds,
                Duration.ofSeconds(positive(node, "escrowBackoffSeconds", (int) DEFAULTS.escrowBackoff.toSeconds(), "/provisioning")),
                node.path("startOnLaunch").asBoolean(false),
                Duration.ofMillis(linger));
    }

    private static int positive(JsonNode node, String field, int fallback, String pointer) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw new BadInput(pointer + "/" + field, field + " must be a whole number of at least 0");
        }
        return value.asInt();
    }

    private static double number(JsonNode node, String field, double fallback) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw new BadInput("/provisioning/" + field, field + " must be a number of at least 0");
        }
        return value.asDouble();
    }

    private static double ratio(JsonNode value, double fallback) {
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
            throw new BadInput("/provisioning/quarantine/failureRatio", "failureRatio must be above 0 and at most 1");
        }
        return value.asDouble();
    }
}
