package io.provisor.rules.facts;

/**
 * An assignment of a user or a group to the app with one app role.
 * The default-access role has the id {@value #DEFAULT_ACCESS}.
 *
 * <p>In DRL: {@code AppRoleAssignment(principalId == $u.id(), forUser)}.
 */
public record AppRoleAssignment(String principalId, PrincipalType principalType, String appRoleId, String appRoleName) {

    public static final String DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";

    public AppRoleAssignment {
        appRoleId = appRoleId == null ? DEFAULT_ACCESS : appRoleId;
    }

    public boolean isForUser() {
        return principalType == PrincipalType.USER;
    }

    public boolean isForGroup() {
        return principalType == PrincipalType.GROUP;
    }

    public boolean isDefaultAccess() {
        return DEFAULT_ACCESS.equals(appRoleId);
    }
}
