package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.engine.PolicyEngine;
import io.provisor.policytest.PolicyTests;
import io.provisor.policytest.TestCase;
import io.provisor.policytest.TestCaseReader;
import io.provisor.policytest.TestReport;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/apps/{app}/rules/test}: runs policy tests against the active rule set, or against
 * proposed files compiled beside it and never activated. Failed tests are a result (200), not an error.
 */
final class PolicyTestRoutes {

    private final RuleLibrary library;
    private final PolicyTests runner;

    PolicyTestRoutes(RuleLibrary library, PolicyEngine engine) {
        this.library = library;
        this.runner = new PolicyTests(engine);
    }

    /**
     * The body is empty or {@code {"files": {...}, "tests": [...]}}: {@code files} as for validate (added to
     * or replacing the files on disk), {@code tests} in place of the app's test files.
     */
    void run(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        if (!library.knows(app)) {
            throw ApiException.notFound("app_not_found", "no app named `" + app + "`");
        }
        JsonNode body = ctx.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(ctx.body());
        checkShape(body);
        List<TestCase> cases = body.has("tests") ? TestCaseReader.readBody(body.get("tests"), "/tests")
                : TestCaseReader.readFolder(library.root(), app);
        boolean proposed = body.has("files");
        RuleSet rules = proposed ? library.check(app, ProposedFiles.over(library, app, ProposedFiles.read(app, body.get("files"))))
                : RuleRoutes.activeRules(library, app);
        TestReport report = runner.run(rules, cases);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("app", report.app());
        answer.put("revision", report.revision());
        answer.put("proposed", proposed);
        answer.put("passed", report.passed());
        answer.put("failed", report.failed());
        answer.put("cases", report.results());
        answer.put("uncovered", report.uncovered());
        ctx.json(answer);
    }

    private static void checkShape(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadInput("", "send no body, or {\"files\": {...proposed rule files...}, \"tests\": [...test cases...]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("files") && !name.equals("tests")) {
                throw new BadInput("/" + name, "unknown field `" + name + "`; the body has `files` and `tests`");
            }
        }
    }
}
