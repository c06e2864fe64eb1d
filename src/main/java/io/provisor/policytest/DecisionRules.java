package io.provisor.policytest;

import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.model.StepType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which rules a decision shows to have fired, and which one decided, read from the decision alone: its
 * reasons cite the rules that decided (for a skip, every failed condition), and its scoping step tells
 * for each scoping filter whether it held.
 */
final class DecisionRules {

    private static final String FILTER_RESULTS = "ScopeEvaluationResult";

    private DecisionRules() {
    }

    /**
     * The rules that fired: those the reasons cite, without the scoping filters the user failed (a skip
     * cites them, but they did not fire), with the filters the user passed (cited or not).
     */
    static Set<String> fired(Decision decision) {
        Map<String, Boolean> filters = filters(decision);
        Set<String> fired = new LinkedHashSet<>();
        for (Reason reason : decision.reasons()) {
            if (!Boolean.FALSE.equals(filters.get(reason.ruleId()))) {
                fired.add(reason.ruleId());
            }
        }
        filters.forEach((rule, passed) -> {
            if (passed) {
                fired.add(rule);
            }
        });
        return fired;
    }

    /**
     * The rule whose code the decision carries: the first cited rule with that code, skipping the scoping
     * filters the user failed. The engine takes the code from exactly one cited rule (the first exclusion,
     * or the proposal that won), so this is that rule; null when no rule decided ({@code NoRuleDecided}).
     */
    static String deciding(Decision decision) {
        Map<String, Boolean> filters = filters(decision);
        return decision.reasons().stream()
                .filter(reason -> reason.code().equals(decision.code()))
                .filter(reason -> !Boolean.FALSE.equals(filters.get(reason.ruleId())))
                .map(Reason::ruleId).findFirst().orElse(null);
    }

    /** Each scoping filter's rule id and whether the user passed it, from the scoping step's details. */
    private static Map<String, Boolean> filters(Decision decision) {
        Map<String, Boolean> filters = new LinkedHashMap<>();
        for (Step step : decision.steps()) {
            if (step.type() == StepType.SCOPING && step.details().get(FILTER_RESULTS) instanceof Map<?, ?> results) {
                for (Object result : results.values()) {
                    if (result instanceof Map<?, ?> filter && filter.get("rule") instanceof String rule) {
                        filters.put(rule, Boolean.TRUE.equals(filter.get("passed")));
                    }
                }
            }
        }
        return filters;
    }
}
