package io.provisor.cli;

/** The command line cannot be run as given; the message is the one line the user sees. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
