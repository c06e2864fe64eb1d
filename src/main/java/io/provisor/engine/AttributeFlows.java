package io.provisor.engine;

import io.provisor.mapping.AttributeFlow;
import io.provisor.mapping.AttributeMapping;
import io.provisor.mapping.SourceValues;
import io.provisor.mapping.expr.Expression;
import io.provisor.model.Action;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.App;
import io.provisor.rules.facts.AppRole;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.AttributeDiff;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The app's mappings applied to one user: what an update would change (computed before the rules
 * fire, as {@link AttributeDiff} facts) and what the decided action writes.
 */
final class AttributeFlows {

    private final RuleSet rules;
    private final EvaluationInput input;
    private final Instant now;
    private SourceValues source; // built on first use: an outcome for a user without an account never needs it
    private final AttributeFlow.Result update;

    AttributeFlows(RuleSet rules, EvaluationInput input, Instant now) {
        this.rules = rules;
        this.input = input;
        this.now = now;
        TargetState target = input.target();
        this.update = target.isLinked() || target.getMatchCount() == 1
                ? AttributeFlow.forUpdate(rules.mappings(), source(), target.currentAttributes()) : null;
    }

    private SourceValues source() {
        if (source == null) {
            source = new SourceValues(input.user().id(), input.user()::attribute, roles(rules.app(), input), false, now,
                    ThreadLocalRandom.current());
        }
        return source;
    }

    /** What an update of the known account would change; none when there is no account to compare with. */
    List<AttributeDiff> diffs() {
        return update == null ? List.of() : update.changes().stream()
                .map(change -> new AttributeDiff(change.name(), change.oldValue(), change.newValue())).toList();
    }

    /** What the action writes: every attribute for a create, the changes for an update or a disable. */
    AttributeFlow.Result forAction(Action action) {
        return switch (action) {
            case CREATE -> AttributeFlow.forCreate(rules.mappings(), source());
            case UPDATE -> update;
            case DISABLE -> AttributeFlow.forUpdate(softDeleteMappings(), source().softDeleted(true),
                    input.target().currentAttributes());
            case DELETE, SKIP, NONE -> update != null ? update : new AttributeFlow.Result(java.util.Map.of(), List.of(), List.of());
        };
    }

    /** A disable writes only what {@code IsSoftDeleted} drives (usually {@code active}). */
    private List<AttributeMapping> softDeleteMappings() {
        return rules.mappings().stream().filter(m -> "IsSoftDeleted".equals(m.source())
                || (m.expression() != null && m.expression().attributes().contains("IsSoftDeleted"))).toList();
    }

    /** The user's roles in the app: direct assignments and those of security groups it is a direct member of. */
    static List<Expression.AppRole> roles(App app, EvaluationInput input) {
        String userId = input.user().id();
        Set<String> groups = new LinkedHashSet<>();
        for (Group group : input.groups()) {
            if (group.securityEnabled() && group.hasMember(userId)) {
                groups.add(group.id());
            }
        }
        List<Expression.AppRole> roles = new ArrayList<>();
        for (AppRoleAssignment assignment : input.assignments()) {
            boolean mine = assignment.isForUser() ? userId.equals(assignment.principalId()) : groups.contains(assignment.principalId());
            if (mine) {
                app.appRoles().stream().filter(role -> role.id().equals(assignment.appRoleId())).findFirst()
                        .map(AttributeFlows::role).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private static Expression.AppRole role(AppRole role) {
        return new Expression.AppRole(role.id(), role.value(), role.displayName());
    }
}
