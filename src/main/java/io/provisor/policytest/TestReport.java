package io.provisor.policytest;

import java.util.List;

/**
 * The outcome of an app's policy tests against one rule set.
 *
 * @param revision  the rule set's revision
 * @param results   one per test case, in the order of the cases
 * @param uncovered the rules of the set that fired in no test, in load order
 */
public record TestReport(String app, String revision, List<TestResult> results, List<UncoveredRule> uncovered) {

    public TestReport {
        results = List.copyOf(results);
        uncovered = List.copyOf(uncovered);
    }

    public int passed() {
        return (int) results.stream().filter(TestResult::passed).count();
    }

    public int failed() {
        return results.size() - passed();
    }
}
