package io.provisor.cycle;

import io.provisor.connector.TargetError;

/** The target failed for the whole app (credentials, wrong URL, not SCIM): the cycle stops and the job is quarantined. */
final class TargetUnavailable extends RuntimeException {

    private final transient TargetError error;

    TargetUnavailable(TargetError error) {
        super(error.code() + ": " + error.reason());
        this.error = error;
    }

    TargetError error() {
        return error;
    }
}
