package io.provisor.api;

import io.javalin.http.Context;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.model.Change;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.Rows.Outcome;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The source directory over HTTP: users, groups with members, assignments, the change feed, and imports. */
final class DirectoryRoutes {

    private final Directory directory;
    private final RuleLibrary rules;

    DirectoryRoutes(Directory directory, RuleLibrary rules) {
        this.directory = directory;
        this.rules = rules;
    }

    void putUser(Context ctx) throws Exception {
        Outcome outcome = directory.putUser(ctx.pathParam("id"), Json.mapper().readTree(ctx.body()));
        ctx.status(outcome.result() == Outcome.Result.CREATED ? 201 : 200).json(directory.user(ctx.pathParam("id")));
    }

    void getUser(Context ctx) {
        ctx.json(directory.user(ctx.pathParam("id")));
    }

    void deleteUser(Context ctx) {
        delete(ctx, Change.ObjectType.USER);
    }

    void restoreUser(Context ctx) {
        directory.restore(Change.ObjectType.USER, ctx.pathParam("id"));
        ctx.json(directory.user(ctx.pathParam("id")));
    }

    void putGroup(Context ctx) throws Exception {
        boolean existed = directory.store().group(ctx.pathParam("id")).isPresent();
        directory.putGroup(ctx.pathParam("id"), Json.mapper().readTree(ctx.body()));
        ctx.status(existed ? 200 : 201).json(directory.group(ctx.pathParam("id")));
    }

    void getGroup(Context ctx) {
        ctx.json(directory.group(ctx.pathParam("id")));
    }

    void deleteGroup(Context ctx) {
        delete(ctx, Change.ObjectType.GROUP);
    }

    void restoreGroup(Context ctx) {
        directory.restore(Change.ObjectType.GROUP, ctx.pathParam("id"));
        ctx.json(directory.group(ctx.pathParam("id")));
    }

    private void delete(Context ctx, Change.ObjectType type) {
        String hard = ctx.queryParam("hard");
        if (hard != null && !hard.equals("true") && !hard.equals("false")) {
            throw new BadInput("/hard", "`hard` is true or false");
        }
        directory.delete(type, ctx.pathParam("id"), "true".equals(hard));
        ctx.status(204);
    }

    void assign(Context ctx) throws Exception {
        String app = knownApp(ctx);
        Outcome outcome = directory.assign(app, Json.mapper().readTree(ctx.body()));
        ctx.status(outcome.changed() ? 201 : 200).json(Map.of("app", app, "changed", outcome.changed()));
    }

    void unassign(Context ctx) throws Exception {
        String app = knownApp(ctx);
        directory.unassign(app, Json.mapper().readTree(ctx.body()));
        ctx.status(204);
    }

    void changes(Context ctx) {
        long after = Params.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.longParam(ctx, "limit", 100, 1, 1000);
        List<Change> changes = directory.changes(after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", changes);
        body.put("watermark", directory.store().watermark());
        if (!changes.isEmpty()) {
            body.put("next", changes.get(changes.size() - 1).seq());
        }
        ctx.json(body);
    }

    /** Streams the body into the directory: {@code application/x-ndjson} or a JSON snapshot. */
    void importSnapshot(Context ctx) throws Exception {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        SnapshotImporter importer = new SnapshotImporter(directory, SnapshotImporter.DEFAULT_BATCH);
        ImportReport report;
        try (InputStream in = ctx.bodyInputStream()) {
            report = type.startsWith("application/x-ndjson") ? importer.importNdjson(in) : importer.importJson(in);
        }
        if (report.complete()) {
            ctx.json(report);
            return;
        }
        ImportReport.Problem first = report.problems().get(0);
        Problem problem = Problem.of(422, "import_record_invalid", "Import stopped at a bad record",
                "record " + first.record() + " (line " + first.line() + "): " + first.message()
                        + "; batches before it are committed, so import the fixed file again to resume")
                .withErrors(report.problems().stream().map(p -> Map.<String, Object>of("record", p.record(), "line", p.line(),
                        "pointer", p.pointer(), "detail", p.message())).toList());
        Problems.send(ctx, problem);
    }

    private String knownApp(Context ctx) {
        String app = ctx.pathParam("app");
        if (!rules.knows(app)) {
            throw ApiException.notFound("app_not_found", "no app named `" + app + "`");
        }
        return app;
    }
}
