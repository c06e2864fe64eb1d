package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The app-role functions. Their one argument must be written {@code [appRoleAssignments]}; it names the
 * user's roles in the context, not an attribute. Choices: a role without a value (such as Default
 * Access in an app that defines no roles) has nothing to send and is left out; a role assigned twice
 * (directly and through a group, say) is sent once; roles keep the context's order.
 */
final class RoleFunctions {

    static final String ARGUMENT = "appRoleAssignments";
    /** The SCIM {@code roles} type Entra sends. */
    static final String ROLE_TYPE = "WindowsAzureActiveDirectoryRole";

    private RoleFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                roleFunction("SingleAppRoleAssignment", RoleFunctions::single),
                roleFunction("AppRoleAssignmentsComplex", RoleFunctions::complex),
                roleFunction("AssertiveAppRoleAssignmentsComplex", RoleFunctions::complex));
    }

    private static FunctionSpec roleFunction(String name, FunctionSpec.Body body) {
        return FunctionSpec.of(name, 1, body).readingNoArguments().checked(call -> {
            if (!(call.args().get(0) instanceof Node.Attribute attribute && attribute.name().equals(ARGUMENT))) {
                throw call.invalid(0, "`" + name + "` takes `[" + ARGUMENT + "]` as its argument");
            }
        });
    }

    /**
     * One role's value, or null when the user has none. Entra does not say which role wins when there
     * are several; here it is the first.
     */
    private static Object single(Args args) {
        List<Expression.AppRole> roles = roles(args);
        return roles.isEmpty() ? null : roles.get(0).value();
    }

    /**
     * Every role as a SCIM complex value: primary false, Entra's type, display and value. The
     * Assertive variant computes the same list; it differs in how the caller writes it (a PATCH replace
     * that removes roles no longer assigned, rather than an add).
     */
    private static Object complex(Args args) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (Expression.AppRole role : roles(args)) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("primary", false);
            value.put("type", ROLE_TYPE);
            value.put("display", role.displayName() == null ? role.value() : role.displayName());
            value.put("value", role.value());
            values.add(Collections.unmodifiableMap(value));
        }
        return Collections.unmodifiableList(values);
    }

    private static List<Expression.AppRole> roles(Args args) {
        List<Expression.AppRole> assigned = args.context().appRoleAssignments();
        List<Expression.AppRole> roles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Expression.AppRole role : assigned == null ? List.<Expression.AppRole>of() : assigned) {
            if (role.value() != null && !role.value().isEmpty() && seen.add(role.id() != null ? role.id() : role.value())) {
                roles.add(role);
            }
        }
        return roles;
    }
}
