package io.provisor.connector.scim;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Keeps secrets out of what the connector reports: a target may echo the Authorization header in an error's
 * {@code detail}, a token endpoint the client secret. Every error the connector throws passes through here.
 */
final class Redactor {

    static final String MASK = "***";
    /** Shorter values are not treated as secrets: masking every "a" would garble the text and hide nothing. */
    private static final int SHORTEST_SECRET = 6;

    private final Supplier<Collection<String>> secrets;

    /** @param secrets the secret values in use now (tokens, client secret) */
    Redactor(Supplier<Collection<String>> secrets) {
        this.secrets = secrets;
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String secret : secrets.get()) {
            if (secret != null && secret.length() >= SHORTEST_SECRET) {
                clean = clean.replace(secret, MASK);
            }
        }
        return clean;
    }

    TargetError redact(TargetError error) {
        return error.withReason(redact(error.reason()), redact(error.recommendedAction()));
    }

    ConnectorException failure(TargetError error) {
        return new ConnectorException(redact(error));
    }

    ConnectorException failure(TargetError error, Throwable cause) {
        return new ConnectorException(redact(error), cause);
    }
}
