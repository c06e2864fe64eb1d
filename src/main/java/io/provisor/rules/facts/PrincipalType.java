package io.provisor.rules.facts;

/** Who an app-role assignment is given to. Wire form as in Microsoft Graph: {@code User}, {@code Group}. */
public enum PrincipalType {
    USER("User"), GROUP("Group");

    private final String wireName;

    PrincipalType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
