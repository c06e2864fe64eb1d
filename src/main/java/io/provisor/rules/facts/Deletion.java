package io.provisor.rules.facts;

import java.util.Locale;

/** Whether a directory object is deleted: soft deletes can be restored, hard deletes are final. */
public enum Deletion {
    NONE, SOFT, HARD;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
