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
 * @param modifiedProperties what the action changes in the target (old and new values)
 * @param attributes         what the action writes, by target attribute; redacted values read {@code [Redact]}
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
        java.util.Map<String, Object> attributes,
        List<String> warnings) {

    public Decision {
        reasons = List.copyOf(reasons);
        steps = List.copyOf(steps);
        modifiedProperties = List.copyOf(modifiedProperties);
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        warnings = List.copyOf(warnings);
    }
}
