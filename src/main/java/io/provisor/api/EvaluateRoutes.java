package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.directory.Directory;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.model.Decision;
import io.provisor.revisions.DecisionFacts;
import io.provisor.store.RevisionStore;

/** {@code POST /api/v1/apps/{app}/evaluate}: what provisor would do with a user, without side effects. */
final class EvaluateRoutes {

    private final RuleLibrary library;
    private final PolicyEngine engine;
    private final Directory directory;
    private final RevisionStore facts;

    EvaluateRoutes(RuleLibrary library, PolicyEngine engine, Directory directory, RevisionStore facts) {
        this.library = library;
        this.engine = engine;
        this.directory = directory;
        this.facts = facts;
    }

    /** The body holds the facts ({@code user}, ...) or names a directory user ({@code userId}, optional {@code target}). */
    void evaluate(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        RuleSet rules = RuleRoutes.activeRules(library, app);
        JsonNode body = Json.mapper().readTree(ctx.body());
        EvaluationInput input;
        if (body != null && body.isObject() && body.has("userId") && !body.has("user")) {
            FactReader reader = new FactReader();
            TargetState target = reader.target(body.path("target"), "/target");
            reader.throwIfAny();
            input = directory.facts(app, body.path("userId").asText(), target);
        } else {
            input = FactReader.evaluationInput(body);
        }
        Decision decision = engine.evaluate(rules, input);
        facts.saveFacts(new RevisionStore.Facts(decision.decisionId(), app, decision.revision(), java.time.Instant.now(),
                DecisionFacts.json(input, decision)));
        ctx.json(decision);
    }
}
