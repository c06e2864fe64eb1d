package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.provisor.codec.Json;
import io.provisor.revisions.Replay;
import io.provisor.revisions.RuleActivation;
import io.provisor.revisions.RuleRevisions;
import io.provisor.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versioned rule sets over HTTP: list, roll back, activate proposed files; replay a logged decision. */
final class RevisionRoutes {

    private final RuleRevisions revisions;
    private final Replay replay;
    private final RuleActivation activation;
    private final String actor;

    RevisionRoutes(RuleRevisions revisions, Replay replay, RuleActivation activation, String actor) {
        this.revisions = revisions;
        this.replay = replay;
        this.activation = activation;
        this.actor = actor;
    }

    void list(Context ctx) {
        ctx.json(revisions.list(ctx.pathParam("app")));
    }

    void files(Context ctx) {
        ctx.json(Map.of("revision", ctx.pathParam("revision"), "files", revisions.files(ctx.pathParam("app"), ctx.pathParam("revision"))));
    }

    /** Rolls back to a stored revision. */
    void activateRevision(Context ctx) throws Exception {
        RuleSet rules = revisions.rollback(ctx.pathParam("app"), ctx.pathParam("revision"), actor);
        ctx.json(activated(rules, ctx.pathParam("revision")));
    }

    /** {@code PUT /apps/{app}/rules}: the app's new files, active only if they compile, their tests pass and, when needed, a preview names them. */
    void put(Context ctx) throws Exception {
        JsonNode body = Json.mapper().readTree(ctx.body());
        RuleSet rules = activation.activate(ctx.pathParam("app"), RuleRevisions.filesOf(body), ctx.queryParam("preview"), actor);
        ctx.json(activated(rules, null));
    }

    void replay(Context ctx) throws Exception {
        ctx.json(replay.replay(ctx.pathParam("id"), ctx.queryParam("revision")));
    }

    private static Map<String, Object> activated(RuleSet rules, String requested) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("app", rules.app().name());
        view.put("revision", rules.revision());
        view.put("rules", rules.rules().size());
        if (requested != null && !requested.equals(rules.revision())) {
            view.put("note", "the common rules changed since revision " + requested + "; the app's files of that revision are active"
                    + " with today's common rules");
        }
        return view;
    }
}
