package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.cycle.CycleSummary;
import io.provisor.cycle.Provisioning;
import io.provisor.cycle.ResetScope;
import io.provisor.model.LogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Provisioning jobs over HTTP: job control, status, cycles, provision on demand and the connector's settings. */
final class JobRoutes {

    private final Provisioning provisioning;
    private final String actor;

    JobRoutes(Provisioning provisioning, String actor) {
        this.provisioning = provisioning;
        this.actor = actor;
    }

    void status(Context ctx) {
        ctx.json(provisioning.status(ctx.pathParam("app")));
    }

    void start(Context ctx) {
        provisioning.start(ctx.pathParam("app"), actor);
        ctx.status(202).json(provisioning.status(ctx.pathParam("app")));
    }

    void pause(Context ctx) {
        provisioning.pause(ctx.pathParam("app"), actor);
        ctx.status(202).json(provisioning.status(ctx.pathParam("app")));
    }

    /** Body as Graph's: {@code {"criteria": {"resetScope": "Watermark, Escrows"}}}; no body is the portal's restart. */
    void restart(Context ctx) throws Exception {
        JsonNode body = ctx.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(ctx.body());
        provisioning.restart(ctx.pathParam("app"), ResetScope.parse(body.path("criteria").path("resetScope").asText(null)), actor);
        ctx.status(202).json(provisioning.status(ctx.pathParam("app")));
    }

    /** Runs the app's next cycle now and answers when it ends (409 when one is already running). */
    void runCycle(Context ctx) {
        Optional<CycleSummary> summary = provisioning.runCycle(ctx.pathParam("app"), null);
        ctx.json(summary.orElseThrow(() -> busy(ctx.pathParam("app"))));
    }

    void allowDeletes(Context ctx) {
        Optional<CycleSummary> summary = provisioning.allowDeletes(ctx.pathParam("app"), actor);
        ctx.json(summary.orElseThrow(() -> busy(ctx.pathParam("app"))));
    }

    /** {@code {"userId": ...}}, or {@code {"groupId": ..., "members": [up to five user ids]}}. */
    void provisionOnDemand(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        JsonNode body = Json.mapper().readTree(ctx.body());
        if (body == null || !body.isObject() || (!body.hasNonNull("userId") && !body.hasNonNull("groupId"))) {
            throw new BadInput("", "send {\"userId\": \"...\"} or {\"groupId\": \"...\", \"members\": [...]}");
        }
        if (body.hasNonNull("userId")) {
            ctx.json(provisioning.provisionOnDemand(app, body.path("userId").asText()));
            return;
        }
        List<String> members = new ArrayList<>();
        body.path("members").forEach(member -> members.add(member.asText()));
        List<LogEntry> entries = provisioning.provisionGroupOnDemand(app, body.path("groupId").asText(), members);
        ctx.json(Map.of("value", entries));
    }

    void testConnection(Context ctx) {
        provisioning.testConnection(ctx.pathParam("app"));
        ctx.json(Map.of("status", "success", "detail", "the target answered the test query with an empty list, as expected"));
    }

    void getConnector(Context ctx) {
        JsonNode settings = provisioning.connectorSettings(ctx.pathParam("app"));
        if (settings.isMissingNode() || settings.isNull()) {
            throw ApiException.notFound("connector_not_found", "app `" + ctx.pathParam("app")
                    + "` has no connector: PUT its settings here, or add a `connector` object to its app.json");
        }
        ctx.json(settings);
    }

    /**
     * Body: the connector settings, plus an optional {@code secrets} object (name → value) the settings
     * refer to. Saved only when a connection test with them passes; secrets are never returned.
     */
    void putConnector(Context ctx) throws Exception {
        JsonNode body = Json.mapper().readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw new BadInput("", "the body must be the connector settings as a JSON object");
        }
        ObjectNode settings = ((ObjectNode) body).deepCopy();
        JsonNode secretNode = settings.remove("secrets");
        Map<String, String> secrets = new LinkedHashMap<>();
        if (secretNode != null) {
            if (!secretNode.isObject()) {
                throw new BadInput("/secrets", "secrets must be an object of names and values");
            }
            secretNode.fields().forEachRemaining(entry -> secrets.put(entry.getKey(), entry.getValue().asText()));
        }
        provisioning.saveConnector(ctx.pathParam("app"), settings, secrets, actor);
        ctx.json(provisioning.connectorSettings(ctx.pathParam("app")));
    }

    private static ApiException busy(String app) {
        return new ApiException(Problem.of(409, "cycle_running", "Cycle running",
                "a cycle of `" + app + "` is running; GET /api/v1/apps/" + app + "/status shows its progress"));
    }
}
