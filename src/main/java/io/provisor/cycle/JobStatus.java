package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobRows.QuarantineRow;
import io.provisor.store.JobRows.Staged;
import io.provisor.store.JobStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's status as GET /apps/{app}/status shows it, in the spirit of Graph's synchronizationStatus. */
final class JobStatus {

    private JobStatus() {
    }

    static Map<String, Object> of(String app, Job job, JobSettings settings, CycleProgress running, JobStore jobs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("app", app);
        view.put("state", job.state());
        view.put("schedule", Map.of("intervalMinutes", settings.interval().toSeconds() / 60.0, "eventMode", settings.eventMode(),
                "concurrency", settings.concurrency(), "requestsPerSecond", settings.requestsPerSecond(),
                "deletionThreshold", settings.deletionThreshold()));
        view.put("watermark", job.watermark());
        view.put("revision", job.revision());
        view.put("running", running == null ? null : running.snapshot());
        view.put("interruptedCycle", running == null && job.cycleId() != null ? Map.of("cycleId", job.cycleId(), "kind",
                String.valueOf(job.cycleKind()), "resumesAfter", String.valueOf(job.cycleCursor())) : null);
        view.put("lastCycle", parse(job.lastCycle()));
        view.put("quarantine", quarantine(job.quarantine()));
        view.put("escrows", jobs.escrowCount(app));
        List<Staged> held = jobs.staged(app);
        view.put("heldDeletes", held.stream().map(JobStatus::held).toList());
        view.put("links", Map.of("users", jobs.linkCount(app, UserSync.USER), "groups", jobs.linkCount(app, GroupSync.GROUP)));
        return view;
    }

    private static Map<String, Object> quarantine(QuarantineRow row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reason", row.reason());
        view.put("error", row.error());
        view.put("seriesBegan", row.seriesBegan());
        view.put("currentBegan", row.currentBegan());
        view.put("nextAttempt", row.nextAttempt());
        view.put("seriesCount", row.seriesCount());
        return view;
    }

    private static Map<String, Object> held(Staged staged) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("objectType", staged.objectType());
        view.put("sourceId", staged.sourceId());
        view.put("displayName", staged.displayName());
        view.put("action", staged.action());
        view.put("code", staged.code());
        view.put("rule", staged.ruleId());
        view.put("cause", staged.cause());
        view.put("cycleId", staged.cycleId());
        view.put("stagedAt", staged.stagedAt());
        return view;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : Json.mapper().readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
