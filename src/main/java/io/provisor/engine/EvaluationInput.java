package io.provisor.engine;

import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.List;

/**
 * The facts of one evaluation.
 *
 * @param groups      the groups the evaluation may need, with their direct members (nesting shows through them)
 * @param assignments the app's assignments that may concern the user
 * @param target      what is known of the user's account in the target
 */
public record EvaluationInput(User user, List<Group> groups, List<AppRoleAssignment> assignments, TargetState target) {

    public EvaluationInput {
        if (user == null) {
            throw new IllegalArgumentException("an evaluation needs a user");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        target = target == null ? TargetState.unknown() : target;
    }
}
