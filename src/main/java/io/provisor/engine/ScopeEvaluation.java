package io.provisor.engine;

import io.provisor.rules.facts.Clause;
import io.provisor.rules.facts.ClauseOutcome;
import io.provisor.rules.facts.Operators;
import io.provisor.rules.facts.ScopingFilter;
import io.provisor.rules.facts.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of every clause of the app's declared scoping filters for one user, for the scoping
 * step's details (the generated rules decide; this shows why, with the same operator code).
 */
final class ScopeEvaluation {

    record ClauseResult(Clause clause, Object value, ClauseOutcome outcome) {
        String describe() {
            return "`" + clause.describe() + "` is " + outcome.passed() + " (value: "
                    + (value == null ? "null" : "`" + value + "`") + ")";
        }
    }

    private final Map<String, List<ClauseResult>> byRuleId = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    ScopeEvaluation(List<ScopingFilter> filters, User user) {
        for (ScopingFilter filter : filters) {
            List<ClauseResult> results = new ArrayList<>();
            for (Clause clause : filter.clauses()) {
                Object value = user.attribute(clause.attribute());
                ClauseOutcome outcome = Operators.evaluate(clause.operator(), value, clause.value());
                results.add(new ClauseResult(clause, value, outcome));
                warn(filter, clause, outcome);
            }
            byRuleId.put(filter.ruleId(), results);
        }
    }

    private void warn(ScopingFilter filter, Clause clause, ClauseOutcome outcome) {
        if (outcome == ClauseOutcome.REGEX_TIMED_OUT) {
            warnings.add("regex of clause `" + clause.describe() + "` in filter `" + filter.title()
                    + "` ran past " + Operators.REGEX_DEADLINE_MS + " ms and counted as false; simplify the pattern");
        } else if (outcome == ClauseOutcome.MULTI_VALUED) {
            warnings.add("clause `" + clause.describe() + "` in filter `" + filter.title()
                    + "` tests a multi-valued attribute, which scoping filters do not support; it counted as false");
        }
    }

    /** Clause results of a declared filter's rule, or an empty list for a filter written in DRL. */
    List<ClauseResult> clauses(String ruleId) {
        return byRuleId.getOrDefault(ruleId, List.of());
    }

    List<String> warnings() {
        return warnings;
    }
}
