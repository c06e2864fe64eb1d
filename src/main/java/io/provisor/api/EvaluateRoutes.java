package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;

/** {@code POST /api/v1/apps/{app}/evaluate}: what provisor would do with a posted user, without side effects. */
final class EvaluateRoutes {

    private final RuleLibrary library;
    private final PolicyEngine engine;

    EvaluateRoutes(RuleLibrary library, PolicyEngine engine) {
        this.library = library;
        this.engine = engine;
    }

    void evaluate(Context ctx) throws Exception {
        RuleSet rules = RuleRoutes.activeRules(library, ctx.pathParam("app"));
        JsonNode body = Json.mapper().readTree(ctx.body());
        ctx.json(engine.evaluate(rules, FactReader.evaluationInput(body)));
    }
}
