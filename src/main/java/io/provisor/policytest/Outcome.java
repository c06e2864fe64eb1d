package io.provisor.policytest;

import io.provisor.model.Action;

/**
 * What a decision came to, as a policy test compares it: the action, the code and the deciding rule.
 *
 * @param rule the rule whose code the decision carries; in an expectation, null when any rule may decide
 */
public record Outcome(Action action, String code, String rule) {

    /** True when {@code actual} is what this expectation asks for; an expectation without a rule accepts any. */
    public boolean accepts(Outcome actual) {
        return action == actual.action() && code.equals(actual.code()) && (rule == null || rule.equals(actual.rule()));
    }
}
