package io.provisor.model;

import java.util.Locale;

/** What provisor does with one object in the target app. Ordered by precedence when rules disagree. */
public enum Action {
    DELETE, DISABLE, UPDATE, CREATE, SKIP, NONE;

    /** Wire form: lowercase, as in the API and the provisioning logs. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this action wins over {@code other}: delete > disable > update > create > skip > none. */
    public boolean outranks(Action other) {
        return ordinal() < other.ordinal();
    }

    public static Action parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
