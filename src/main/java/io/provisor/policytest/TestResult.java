package io.provisor.policytest;

import java.util.List;

/**
 * How one policy test went.
 *
 * @param actual  the decision's outcome, or null when the evaluation failed
 * @param summary the decision's one-sentence summary
 * @param reasons the rules the decision cites, in order
 * @param error   why the evaluation failed (a rule threw), or null
 */
public record TestResult(String name, String source, boolean passed, Outcome expected, Outcome actual, String summary,
                         List<String> reasons, String error) {

    public TestResult {
        reasons = List.copyOf(reasons);
    }
}
