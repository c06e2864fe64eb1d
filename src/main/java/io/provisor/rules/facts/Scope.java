package io.provisor.rules.facts;

/** Entra's "Scope" setting: sync only assigned users and groups, or every user and group. */
public enum Scope {
    ASSIGNED_ONLY("assignedOnly"), ALL("all");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The scope with this wire name, or null. */
    public static Scope fromWire(String text) {
        for (Scope scope : values()) {
            if (scope.wireName.equals(text)) {
                return scope;
            }
        }
        return null;
    }
}
