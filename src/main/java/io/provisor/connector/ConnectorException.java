package io.provisor.connector;

/** A request to the target failed; {@link #error()} says how and whether to try again. */
public final class ConnectorException extends RuntimeException {

    private final transient TargetError error;

    public ConnectorException(TargetError error) {
        this(error, null);
    }

    public ConnectorException(TargetError error, Throwable cause) {
        super(error.code() + ": " + error.reason(), cause);
        this.error = error;
    }

    public TargetError error() {
        return error;
    }
}
