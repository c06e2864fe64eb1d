package io.provisor.connector.scim;

/** A connector configuration that cannot be used: where (a JSON pointer into app.json) and what is wrong. */
public final class InvalidSettings extends IllegalArgumentException {

    private final String pointer;

    public InvalidSettings(String pointer, String problem) {
        super(pointer + ": " + problem);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
