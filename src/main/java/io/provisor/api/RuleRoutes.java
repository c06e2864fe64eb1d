package io.provisor.api;

import io.javalin.http.Context;
import io.provisor.codec.Json;
import io.provisor.model.Diagnostic;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleLinter;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rule sets: list apps, describe an app's rules, validate proposed DRL, reload from disk. */
final class RuleRoutes {

    private final RuleLibrary library;
    private final String actor;

    RuleRoutes(RuleLibrary library, String actor) {
        this.library = library;
        this.actor = actor;
    }

    static RuleSet activeRules(RuleLibrary library, String app) {
        return library.active(app).orElseThrow(() -> library.lastFailure(app)
                .<RuntimeException>map(failure -> new ApiException(Problems.rejected(failure).withStatus(409,
                        "rules_unavailable", "app `" + app + "` has no active rule set: its rules were rejected")))
                .orElseGet(() -> ApiException.notFound("app_not_found", "no app named `" + app + "`")));
    }

    void listApps(Context ctx) {
        List<Map<String, Object>> apps = new ArrayList<>();
        for (String app : library.apps()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", app);
            library.active(app).ifPresent(rules -> {
                entry.put("revision", rules.revision());
                entry.put("rules", rules.rules().size());
            });
            entry.put("status", library.lastFailure(app).isPresent() ? "rejected" : "active");
            library.lastFailure(app).ifPresent(failure -> entry.put("lastError", failure.getMessage()));
            apps.add(entry);
        }
        ctx.json(Map.of("apps", apps));
    }

    void describe(Context ctx) {
        RuleSet rules = activeRules(library, ctx.pathParam("app"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", rules.app().name());
        body.put("revision", rules.revision());
        body.put("rules", rules.rules().values().stream().map(RuleRoutes::describe).toList());
        body.put("files", rules.files());
        body.put("warnings", Problems.diagnostics(rules.warnings()));
        ctx.json(body);
    }

    private static Map<String, Object> describe(RuleInfo rule) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", rule.id());
        entry.put("stage", rule.stage().toString());
        entry.put("file", rule.file());
        entry.put("line", rule.line());
        entry.put("code", rule.code());
        entry.put("entraCode", rule.entraCode());
        entry.put("reason", rule.reason());
        if (rule.fix() != null) {
            entry.put("fix", rule.fix());
        }
        if (rule.filter() != null) {
            entry.put("filter", rule.filter());
        }
        return entry;
    }

    /**
     * Compiles the app's rules with proposed changes, activating nothing. The body is one DRL file
     * ({@code text/plain}, checked as {@code <app>/proposed.drl}) or {@code {"files": {"<app>/x.drl": "..."}}},
     * whose entries add to or replace the files on disk. The warnings include the lints that need no
     * directory, with the app's tests on disk.
     */
    void validate(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        activeOrKnown(app);
        RuleSet rules = library.check(app, ProposedFiles.over(library, app, proposed(app, ctx)));
        List<Diagnostic> warnings = new ArrayList<>(rules.warnings());
        warnings.addAll(new RuleLinter().lint(rules, library.readTests(app)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", true);
        body.put("revision", rules.revision());
        body.put("rules", rules.rules().keySet());
        body.put("warnings", Problems.diagnostics(warnings));
        ctx.json(body);
    }

    private List<RuleFile> proposed(String app, Context ctx) throws Exception {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (!contentType.startsWith("application/json")) {
            return List.of(RuleFile.of(app + "/proposed.drl", ctx.body()));
        }
        return ProposedFiles.read(app, Json.mapper().readTree(ctx.body()).path("files"));
    }

    /** Recompiles the app from disk. On failure the active set stays and the problem says why. */
    void reload(Context ctx) throws RuleSetRejected {
        String app = ctx.pathParam("app");
        activeOrKnown(app);
        RuleSet rules = library.reload(app, actor);
        if (rules == null) {
            RuleSetRejected failure = library.lastFailure(app).orElseThrow();
            String kept = library.active(app).map(RuleSet::revision).orElse("none");
            throw new ApiException(Problems.rejected(failure).withStatus(422, "rules_invalid",
                    "the rules on disk were rejected; revision " + kept + " stays active"));
        }
        ctx.json(Map.of("app", app, "revision", rules.revision(), "rules", rules.rules().size()));
    }

    private void activeOrKnown(String app) {
        if (!library.knows(app)) {
            throw ApiException.notFound("app_not_found", "no app named `" + app + "`");
        }
    }
}
