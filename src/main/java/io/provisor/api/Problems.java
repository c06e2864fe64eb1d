package io.provisor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.provisor.codec.BadInput;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import io.provisor.codec.Json;
import io.provisor.engine.DecisionFailed;
import io.provisor.revisions.PreviewRequired;
import io.provisor.directory.NotFound;
import io.provisor.store.ChangesPurged;
import io.provisor.store.StoreException;
import io.provisor.model.Diagnostic;
import io.provisor.policytest.TestCasesRejected;
import io.provisor.rules.RuleSetRejected;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become problem+json responses. */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    static void register(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.problem()));
        config.routes.exception(BadInput.class, (e, ctx) -> send(ctx, badInput(e)));
        config.routes.exception(NotFound.class, (e, ctx) -> send(ctx, Problem.of(404, e.kind() + "_not_found", "Not found",
                e.getMessage())));
        config.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.error("store failed on {} {}", ctx.method(), ctx.path(), e);
            send(ctx, Problem.of(503, "store_unavailable", "Store unavailable", "the database did not answer; try again"));
        });
        config.routes.exception(ConnectorException.class, (e, ctx) -> send(ctx, connectionFailed(e.error())));
        config.routes.exception(PreviewRequired.class, (e, ctx) -> send(ctx, Problem.of(409, "preview_required", "Preview required",
                e.getMessage()).withErrors(List.of(Map.of("previewId", e.preview().id(), "newDisablesAndDeletes",
                e.preview().disablesDeletes(), "newRuleFailures", e.newFailures())))));
        config.routes.exception(RuleSetRejected.class, (e, ctx) -> send(ctx, rejected(e)));
        config.routes.exception(DecisionFailed.class, (e, ctx) -> send(ctx, decisionFailed(e)));
        config.routes.exception(ChangesPurged.class, (e, ctx) -> send(ctx, Problem.of(410, "changes_purged", "Changes purged",
                e.getMessage()).withErrors(List.of(Map.of("oldestKept", e.oldestKept())))));
        config.routes.exception(TestCasesRejected.class, (e, ctx) -> send(ctx, Problem.of(422, "tests_invalid",
                "Test files rejected", e.getMessage()).withErrors(diagnostics(e.diagnostics()))));
        config.routes.exception(JsonProcessingException.class, (e, ctx) -> send(ctx, malformed(e)));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, fromJavalin(e.getStatus(), ctx)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            send(ctx, Problem.of(500, "internal_error", "Internal error", "provisor failed to answer; the server log has details"));
        });
    }

    /** A rule or a mapping threw on the posted user: 422 {@code rule_failed} or {@code mapping_failed}, naming which. */
    private static Problem decisionFailed(DecisionFailed e) {
        boolean mapping = "MappingFailed".equals(e.code());
        Map<String, Object> culprit = new java.util.LinkedHashMap<>();
        if (e.ruleId() != null) {
            culprit.put("ruleId", e.ruleId());
        }
        if (e.attribute() != null) {
            culprit.put("attribute", e.attribute());
        }
        return Problem.of(422, mapping ? "mapping_failed" : "rule_failed", mapping ? "Mapping failed" : "Rule failed", e.getMessage())
                .withErrors(culprit.isEmpty() ? List.of() : List.of(culprit));
    }

    /** Javalin's own refusals (no route, wrong method, body too large) in our problem shape. */
    private static Problem fromJavalin(int status, Context ctx) {
        return switch (status) {
            case 404 -> Problem.of(404, "route_not_found", "Not found", "no route " + ctx.method() + " " + ctx.path());
            case 405 -> Problem.of(405, "method_not_allowed", "Method not allowed", ctx.method() + " is not allowed on " + ctx.path());
            case 413 -> Problem.of(413, "body_too_large", "Request body too large",
                    "the request body is larger than " + ApiServer.MAX_BODY_BYTES + " bytes");
            default -> Problem.of(status, "http_" + status, "Request refused", "the server refused the request");
        };
    }

    static void send(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(CONTENT_TYPE).result(Json.mapper().writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serializes", e);
        }
    }

    static Problem badInput(BadInput e) {
        List<Map<String, Object>> errors = e.problems().stream()
                .map(p -> Map.<String, Object>of("pointer", p.pointer(), "detail", p.message())).toList();
        return Problem.of(400, "invalid_request", "Invalid request", e.getMessage()).withErrors(errors);
    }

    /** The target failed the connection test: the reason, and what to do (the seed's "can't save configuration" case). */
    static Problem connectionFailed(TargetError error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("targetCode", error.code());
        detail.put("httpStatus", error.httpStatus() == 0 ? null : error.httpStatus());
        detail.put("retryable", error.retryable());
        detail.put("recommendedAction", error.recommendedAction());
        detail.values().removeIf(java.util.Objects::isNull);
        return Problem.of(422, "connection_test_failed", "Connection test failed", error.code() + ": " + error.reason())
                .withErrors(List.of(detail));
    }

    static Problem rejected(RuleSetRejected e) {
        return Problem.of(422, "rules_invalid", "Rule set rejected", e.getMessage()).withErrors(diagnostics(e.diagnostics()));
    }

    static List<Map<String, Object>> diagnostics(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Problems::diagnostic).toList();
    }

    private static Map<String, Object> diagnostic(Diagnostic d) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("severity", d.severity().toString());
        error.put("code", d.code());
        error.put("detail", d.message());
        error.put("file", d.file());
        if (d.pointer() != null) {
            error.put("pointer", d.pointer());
        }
        if (d.pointer() == null || d.line() > 0) {
            error.put("line", d.line());
            error.put("column", d.column());
        }
        return error;
    }

    private static Problem malformed(JsonProcessingException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return Problem.of(400, "json_malformed", "Malformed JSON", "the body is not valid JSON" + where + ": "
                + e.getOriginalMessage());
    }
}
