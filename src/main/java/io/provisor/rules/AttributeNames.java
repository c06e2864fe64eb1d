package io.provisor.rules;

import io.provisor.rules.facts.User;
import java.util.Set;
import java.util.regex.Pattern;

/** Which user attributes configuration may name, and which of them scoping filters may test. */
final class AttributeNames {

    /** On-premises extension attributes 1-15 and directory extensions ({@code extension_<app>_<name>}). */
    private static final Pattern EXTENSION = Pattern.compile("extensionAttribute([1-9]|1[0-5])|extension_\\w+");

    /** Entra does not support these in scoping filters (multi-valued, references, or not filterable). */
    private static final Set<String> NOT_FILTERABLE = Set.of("manager", "userType", "appRoleAssignments",
            "memberOf", "members", "proxyAddresses", "otherMails", "deleted", "extensionAttributes");

    private AttributeNames() {
    }

    static boolean isUserAttribute(String name) {
        return User.fieldNames().contains(name) || EXTENSION.matcher(name).matches();
    }

    static boolean isFilterable(String name) {
        return isUserAttribute(name) && !NOT_FILTERABLE.contains(name);
    }

    static boolean isUnsupportedInFilters(String name) {
        return NOT_FILTERABLE.contains(name);
    }
}
