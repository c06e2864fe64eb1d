package io.provisor.directory;

/** A record the database refused; rolls its batch back. */
final class RecordRefused extends RuntimeException {
    private final transient Pending.Position at;
    private final String pointer;

    RecordRefused(Pending.Position at, String pointer, String message) {
        super(message, null, false, false);
        this.at = at;
        this.pointer = pointer;
    }

    ImportReport.Problem problem() {
        return new ImportReport.Problem(at.record(), at.line(), pointer, getMessage());
    }
}
