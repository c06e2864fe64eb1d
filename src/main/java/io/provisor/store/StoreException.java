package io.provisor.store;

/** The store failed: the database is unreachable, or a statement failed. Carries no SQL values. */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
