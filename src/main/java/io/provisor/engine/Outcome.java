package io.provisor.engine;

import io.provisor.model.Action;
import java.util.List;

/**
 * What a decision comes to, without its explanation: the action, the reason code and the rules the
 * full decision would cite, in the same order. An impact preview needs no more for users whose
 * decision does not change.
 */
public record Outcome(Action action, String code, List<String> ruleIds) {

    public Outcome {
        ruleIds = List.copyOf(ruleIds);
    }

    /** Deciding failed: nothing is done, under the failure's code ({@code RuleFailed}, {@code MappingFailed}) and rule. */
    static Outcome failed(DecisionFailed failure) {
        return new Outcome(Action.NONE, failure.code(), failure.ruleId() == null ? List.of() : List.of(failure.ruleId()));
    }
}
