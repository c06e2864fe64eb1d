package io.provisor.cycle;

import io.provisor.codec.Json;
import io.provisor.connector.TargetError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a cycle ended, as the status shows it and the job row keeps it.
 *
 * @param outcome    completed, quarantined or failed
 * @param quarantine the quarantine reason the cycle caused, or null
 * @param counts     the cycle's final counts (see {@link CycleProgress#snapshot()})
 */
public record CycleSummary(String outcome, String quarantine, String error, Instant finishedAt, Map<String, Object> counts) {

    static CycleSummary completed(CycleProgress progress, Instant at, String quarantine) {
        return new CycleSummary("completed", quarantine, null, at, progress.snapshot());
    }

    static CycleSummary quarantined(CycleProgress progress, Instant at, TargetError error) {
        return new CycleSummary("quarantined", QuarantinePolicy.CREDENTIALS, error.code() + ": " + error.reason(), at,
                progress.snapshot());
    }

    static CycleSummary failed(CycleProgress progress, String error, Instant at) {
        return new CycleSummary("failed", null, error, at, progress.snapshot());
    }

    String json() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("outcome", outcome);
        view.put("quarantine", quarantine);
        view.put("error", error);
        view.put("finishedAt", finishedAt.toString());
        view.putAll(counts);
        return Json.write(view);
    }

    public boolean completed() {
        return "completed".equals(outcome);
    }
}
