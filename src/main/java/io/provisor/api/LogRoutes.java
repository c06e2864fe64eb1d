package io.provisor.api;

import io.javalin.http.Context;
import io.provisor.codec.BadInput;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.AuditStore;
import io.provisor.store.LogCursor;
import io.provisor.store.LogQuery;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Provisioning logs (search, one record, CSV export) and the audit trail. */
final class LogRoutes {

    private static final Set<String> ACTIONS = Arrays.stream(LogEntry.LoggedAction.values()).map(Object::toString)
            .collect(Collectors.toSet());
    private static final Set<String> STATUSES = Arrays.stream(StepStatus.values()).map(Object::toString).collect(Collectors.toSet());

    private final ProvisioningLogs logs;
    private final AuditStore audit;
    private final RuleLibrary rules;

    LogRoutes(ProvisioningLogs logs, AuditStore audit, RuleLibrary rules) {
        this.logs = logs;
        this.audit = audit;
        this.rules = rules;
    }

    void search(Context ctx) throws Exception {
        LogQuery query = query(ctx);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/csv")) {
            ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"provisioning-logs.csv\"");
            try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
                logs.exportCsv(query, out);
            }
            return;
        }
        ctx.json(logs.search(query));
    }

    void get(Context ctx) {
        String app = app(ctx);
        ctx.json(logs.get(app, ctx.pathParam("id")).orElseThrow(() ->
                ApiException.notFound("log_not_found", "no provisioning log record `" + ctx.pathParam("id") + "` for `" + app + "`")));
    }

    void audit(Context ctx) {
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of("value", audit.recent(ctx.queryParam("app"), limit)));
    }

    private LogQuery query(Context ctx) {
        LogCursor cursor = null;
        String token = ctx.queryParam("cursor");
        if (token != null && !token.isBlank()) {
            try {
                cursor = LogCursor.decode(token);
            } catch (IllegalArgumentException e) {
                throw new BadInput("/cursor", e.getMessage());
            }
        }
        return new LogQuery(app(ctx), ctx.queryParam("q"), Params.oneOf(ctx, "action", ACTIONS), Params.oneOf(ctx, "status", STATUSES),
                ctx.queryParam("cycleId"), Params.instantParam(ctx, "from"), Params.instantParam(ctx, "to"),
                (int) Params.longParam(ctx, "limit", 100, 1, LogQuery.MAX_LIMIT), cursor);
    }

    private String app(Context ctx) {
        String app = ctx.pathParam("app");
        if (!rules.knows(app)) {
            throw ApiException.notFound("app_not_found", "no app named `" + app + "`");
        }
        return app;
    }
}
