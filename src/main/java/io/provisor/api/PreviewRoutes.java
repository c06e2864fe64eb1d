package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.provisor.codec.Json;
import io.provisor.directory.NotFound;
import io.provisor.preview.ImpactPreview;
import io.provisor.revisions.RuleRevisions;
import io.provisor.store.PreviewStore;
import io.provisor.store.PreviewStore.Change;
import io.provisor.store.PreviewStore.Preview;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Impact previews: run one for proposed files, read it paged, or download its changes as CSV. */
final class PreviewRoutes {

    private final ImpactPreview previews;
    private final PreviewStore store;

    PreviewRoutes(ImpactPreview previews, PreviewStore store) {
        this.previews = previews;
        this.store = store;
    }

    /** Body {@code {"files": {...}}}: the given files replace the app's files of the same path. */
    void run(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        JsonNode body = Json.mapper().readTree(ctx.body());
        Preview preview = previews.run(app, previews.overlay(app, RuleRevisions.filesOf(body)));
        ctx.status(201).json(page(preview, null, 100));
    }

    void get(Context ctx) throws IOException {
        Preview preview = store.preview(ctx.pathParam("app"), ctx.pathParam("id")).orElseThrow(() -> new NotFound("preview", ctx.pathParam("id")));
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/csv")) {
            ctx.contentType("text/csv; charset=utf-8");
            StringBuilder csv = new StringBuilder("userId,displayName,oldAction,oldCode,newAction,newCode,rule\n");
            String after = null;
            List<Change> page;
            while (!(page = store.changes(preview.id(), after, 1000)).isEmpty()) {
                for (Change c : page) {
                    csv.append(String.join(",", cell(c.userId()), cell(c.displayName()), cell(c.oldAction()), cell(c.oldCode()),
                            cell(c.newAction()), cell(c.newCode()), cell(c.ruleId()))).append('\n');
                }
                after = page.get(page.size() - 1).userId();
            }
            ctx.result(csv.toString());
            return;
        }
        ctx.json(page(preview, ctx.queryParam("cursor"), (int) Params.longParam(ctx, "limit", 100, 1, 1000)));
    }

    private Map<String, Object> page(Preview preview, String cursor, int limit) throws IOException {
        List<Change> changes = store.changes(preview.id(), cursor, limit);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", preview.id());
        view.put("app", preview.app());
        view.put("activeRevision", preview.activeRevision());
        view.put("proposedRevision", preview.proposedRevision());
        view.put("createdAt", preview.createdAt());
        view.put("evaluated", preview.evaluated());
        view.put("notAssigned", preview.notAssigned());
        view.put("changed", preview.changed());
        view.put("newDisablesAndDeletes", preview.disablesDeletes());
        view.put("transitions", Json.mapper().readTree(preview.transitions()));
        view.put("changes", changes);
        view.put("nextCursor", changes.size() == limit ? changes.get(changes.size() - 1).userId() : null);
        return view;
    }

    /** A CSV cell, quoted when needed, with spreadsheet formulas defused. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return text.contains(",") || text.contains("\"") || text.contains("\n") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
