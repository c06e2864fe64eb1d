package io.provisor.model;

import java.util.List;

/**
 * What provisor would do with one user in one app, and why. The same shape is returned by the API,
 * printed by the CLI and stored in provisioning logs.
 *
 * @param decisionId         unique id of this evaluation
 * @param revision           content hash of the rule set that decided
 * @param app                app name
 * @param userId             source id of the user
 * @param action             the action
 * @param code               provisor's most specific cause
 * @param entraCode          what Entra would log
 * @param summary            one plain sentence
 * @param reasons            every rule that decided; for a skip, every failed condition
 * @param steps              import, scoping, matching, processing
 * @param modifiedProperties attributes an update would change
 * @param warnings           problems met while deciding that did not stop the decision
 */
public record Decision(
        String decisionId,
        String revision,
        String app,
        String userId,
        Action action,
        String code,
        String entraCode,
        String summary,
        List<Reason> reasons,
        List<Step> steps,
        List<AttributeChange> modifiedProperties,
        List<String> warnings) {

    public Decision {
        reasons = List.copyOf(reasons);
        steps = List.copyOf(steps);
        modifiedProperties = List.copyOf(modifiedProperties);
        warnings = List.copyOf(warnings);
    }
}
