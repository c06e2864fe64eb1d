package io.provisor.rules.facts;

import java.util.List;

/**
 * A scoping filter declared in {@code app.json}: all clauses must hold (AND); a user is in scope
 * when any filter holds (OR). provisor turns each one into a generated DRL rule.
 *
 * @param ruleId id of the generated rule, {@code scoping.<slug of title>}
 */
public record ScopingFilter(String title, String ruleId, List<Clause> clauses) {

    public ScopingFilter {
        clauses = List.copyOf(clauses);
    }
}
