package io.provisor.revisions;

import io.provisor.engine.PolicyEngine;
import io.provisor.policytest.PolicyTests;
import io.provisor.policytest.TestCase;
import io.provisor.policytest.TestCaseReader;
import io.provisor.policytest.TestCasesRejected;
import io.provisor.policytest.TestResult;
import io.provisor.rules.RuleLibrary;
import java.util.List;

/** Runs the app's policy tests ({@code rules/<app>/tests}) against proposed rules before they may become active. */
public final class PolicyTestGate implements RuleActivation.TestGate {

    private final RuleLibrary library;
    private final PolicyEngine engine;

    public PolicyTestGate(RuleLibrary library, PolicyEngine engine) {
        this.library = library;
        this.engine = engine;
    }

    @Override
    public List<String> failures(String app, io.provisor.rules.RuleSet proposed) {
        List<TestCase> cases;
        try {
            cases = TestCaseReader.readFolder(library.root(), app);
        } catch (TestCasesRejected e) {
            return List.of("the test files are invalid: " + e.getMessage());
        }
        return new PolicyTests(engine).run(proposed, cases).results().stream().filter(result -> !result.passed())
                .map(TestResult::name).toList();
    }
}
