package io.provisor.policytest;

import io.provisor.engine.PolicyEngine;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs policy tests against a rule set (active or proposed; the set is only evaluated, never activated)
 * and reports each case's expected and actual outcome, and the rules of the set that fired in no test.
 */
public final class PolicyTests {

    private final PolicyEngine engine;

    public PolicyTests(PolicyEngine engine) {
        this.engine = engine;
    }

    /** Evaluates every case; a case whose evaluation throws fails with the error, and the others still run. */
    public TestReport run(RuleSet rules, List<TestCase> cases) {
        Set<String> fired = new HashSet<>();
        List<TestResult> results = new ArrayList<>();
        for (TestCase testCase : cases) {
            results.add(run(rules, testCase, fired));
        }
        List<UncoveredRule> uncovered = rules.rules().values().stream().filter(rule -> !fired.contains(rule.id()))
                .map(rule -> new UncoveredRule(rule.id(), rule.file(), rule.line())).toList();
        return new TestReport(rules.app().name(), rules.revision(), results, uncovered);
    }

    private TestResult run(RuleSet rules, TestCase testCase, Set<String> fired) {
        Decision decision;
        try {
            decision = engine.evaluate(rules, testCase.input());
        } catch (RuntimeException e) {
            return new TestResult(testCase.name(), testCase.source(), false, testCase.expect(), null, null, List.of(),
                    "the evaluation failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        fired.addAll(DecisionRules.fired(decision));
        Outcome actual = new Outcome(decision.action(), decision.code(), DecisionRules.deciding(decision));
        return new TestResult(testCase.name(), testCase.source(), testCase.expect().accepts(actual), testCase.expect(), actual,
                decision.summary(), decision.reasons().stream().map(Reason::ruleId).distinct().toList(), null);
    }
}
