package io.provisor.mapping;

import java.util.Set;

/** Source attributes provisor computes rather than reads from the directory. */
final class Computed {

    /** True when the user is unassigned, out of scope, soft-deleted or disabled: the usual source of SCIM {@code active}. */
    static final String IS_SOFT_DELETED = "IsSoftDeleted";
    /** The user's app roles, for the role functions. */
    static final String APP_ROLE_ASSIGNMENTS = "appRoleAssignments";
    /** The source object's id. */
    static final String OBJECT_ID = "objectId";

    static final Set<String> NAMES = Set.of(IS_SOFT_DELETED, APP_ROLE_ASSIGNMENTS, OBJECT_ID);

    private Computed() {
    }
}
