package io.provisor.rules.facts;

import java.util.List;

/**
 * The app being provisioned: its configuration from {@code rules/<app>/app.json}.
 *
 * <p>In DRL: {@code App(syncAll)}, {@code App(targetActions.create)}, {@code App(!definesRole($id))}.
 *
 * @param matching       matching attributes in precedence order
 * @param scopingFilters filters declared in app.json (each also exists as a generated rule)
 * @param scopingRules   ids of every scoping-filter rule of this app, declared or written in DRL
 */
public record App(
        String name,
        Scope scope,
        List<AppRole> appRoles,
        List<AttributeMatch> matching,
        List<ScopingFilter> scopingFilters,
        List<String> scopingRules,
        TargetActions targetActions,
        boolean skipOutOfScopeDeletions,
        GroupProvisioning groups) {

    public App {
        appRoles = List.copyOf(appRoles);
        matching = List.copyOf(matching);
        scopingFilters = List.copyOf(scopingFilters);
        scopingRules = List.copyOf(scopingRules);
        groups = groups == null ? GroupProvisioning.disabled() : groups;
    }

    /** Scope is "Sync all users and groups". */
    public boolean isSyncAll() {
        return scope == Scope.ALL;
    }

    /** True when the app has at least one scoping filter, so a user must pass one of them. */
    public boolean hasScopingFilters() {
        return !scopingRules.isEmpty();
    }

    public boolean definesRole(String appRoleId) {
        return appRoles.stream().anyMatch(role -> role.id().equals(appRoleId));
    }

    /** The display name of a role, or its id when the app does not define it. */
    public String roleLabel(String appRoleId) {
        return appRoles.stream().filter(role -> role.id().equals(appRoleId)).findFirst()
                .map(AppRole::displayName).orElse(appRoleId);
    }

    /**
     * The first matching attribute, in precedence order, for which {@code user} has a value, or null when
     * the user has none: the value that finds the user's account in the target.
     */
    public AttributeMatch firstMatch(User user) {
        for (AttributeMatch match : matching) {
            if (user.hasValue(match.source())) {
                return match;
            }
        }
        return null;
    }

    /** True when {@code user} has a value for one of the matching attributes. */
    public boolean canMatch(User user) {
        return firstMatch(user) != null;
    }

    /** The matching source attributes for messages: {@code `userPrincipalName`, `mail`}. */
    public String matchingSources() {
        return String.join(", ", matching.stream().map(match -> "`" + match.source() + "`").toList());
    }

    /** A copy with the ids of all scoping-filter rules, known once the rule files are parsed. */
    public App withScopingRules(List<String> ruleIds) {
        return new App(name, scope, appRoles, matching, scopingFilters, ruleIds, targetActions,
                skipOutOfScopeDeletions, groups);
    }
}
