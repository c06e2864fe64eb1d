package io.provisor.rules.facts;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A user of the source directory, with the attributes of Microsoft Graph's {@code user}.
 *
 * <p>In DRL: {@code $u : User(department == "Sales", active)}. String comparisons are case-sensitive,
 * as Entra's are. {@link #attribute(String)} reads any field or directory extension by name.
 *
 * @param accountEnabled      false when sign-in is blocked; null counts as enabled
 * @param deleted             none, soft (in the recycle bin, restorable) or hard (gone for good)
 * @param manager             source id of the manager, or null
 * @param extensionAttributes directory extensions: string, number, boolean or a list of strings
 */
public record User(
        String id,
        String userPrincipalName,
        String mail,
        String mailNickname,
        String displayName,
        String givenName,
        String surname,
        String department,
        String jobTitle,
        String companyName,
        String country,
        String city,
        String state,
        String employeeId,
        String employeeType,
        String userType,
        Boolean accountEnabled,
        Deletion deleted,
        String manager,
        Map<String, Object> extensionAttributes) {

    private static final Map<String, Function<User, Object>> FIELDS = Map.ofEntries(
            Map.entry("id", User::id),
            Map.entry("userPrincipalName", User::userPrincipalName),
            Map.entry("mail", User::mail),
            Map.entry("mailNickname", User::mailNickname),
            Map.entry("displayName", User::displayName),
            Map.entry("givenName", User::givenName),
            Map.entry("surname", User::surname),
            Map.entry("department", User::department),
            Map.entry("jobTitle", User::jobTitle),
            Map.entry("companyName", User::companyName),
            Map.entry("country", User::country),
            Map.entry("city", User::city),
            Map.entry("state", User::state),
            Map.entry("employeeId", User::employeeId),
            Map.entry("employeeType", User::employeeType),
            Map.entry("userType", User::userType),
            Map.entry("accountEnabled", User::isEnabled),
            Map.entry("manager", User::manager));

    /** Names of the fields {@link #attribute(String)} knows, besides extension attributes. */
    public static Set<String> fieldNames() {
        return FIELDS.keySet();
    }

    public User {
        deleted = deleted == null ? Deletion.NONE : deleted;
        extensionAttributes = extensionAttributes == null ? Map.of() : Map.copyOf(extensionAttributes);
    }

    /** A user with only an id and a user principal name; handy in tests and examples. */
    public static User of(String id, String userPrincipalName) {
        return new User(id, userPrincipalName, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, true, Deletion.NONE, null, Map.of());
    }

    /** The value of a field or a directory extension, or null. */
    public Object attribute(String name) {
        Function<User, Object> field = FIELDS.get(name);
        return field != null ? field.apply(this) : extensionAttributes.get(name);
    }

    /** True when the attribute has a value: not null, not an empty string, not an empty list. */
    public boolean hasValue(String name) {
        return isPresent(attribute(name));
    }

    /** The attribute as text, or null when it has no value. */
    public String text(String name) {
        Object value = attribute(name);
        return isPresent(value) ? String.valueOf(value) : null;
    }

    /** Sign-in is allowed (a missing flag counts as enabled). */
    public boolean isEnabled() {
        return !Boolean.FALSE.equals(accountEnabled);
    }

    public boolean isSoftDeleted() {
        return deleted == Deletion.SOFT;
    }

    public boolean isHardDeleted() {
        return deleted == Deletion.HARD;
    }

    /** Enabled and not deleted: Entra's {@code IsActive}. */
    public boolean isActive() {
        return isEnabled() && deleted == Deletion.NONE;
    }

    /** How explanations name the user: the user principal name, else the display name, else the id. */
    public String label() {
        for (String name : new String[] {userPrincipalName, displayName, id}) {
            if (isPresent(name)) {
                return name;
            }
        }
        return "(no id)";
    }

    static boolean isPresent(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    static boolean isMultiValued(Object value) {
        return value instanceof List<?> || value instanceof Collection<?>;
    }
}
