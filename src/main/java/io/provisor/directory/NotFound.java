package io.provisor.directory;

/** A directory object that does not exist. */
public final class NotFound extends RuntimeException {

    private final String kind;

    public NotFound(String kind, String id) {
        super("no " + kind + " with id `" + id + "`");
        this.kind = kind;
    }

    /** "user", "group" or "assignment". */
    public String kind() {
        return kind;
    }
}
