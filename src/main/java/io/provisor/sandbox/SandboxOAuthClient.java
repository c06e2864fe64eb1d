package io.provisor.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The one OAuth2 client the sandbox's token endpoint knows (client credentials grant).
 *
 * @param tokenLifetime how long an issued access token is accepted
 */
public record SandboxOAuthClient(String clientId, String clientSecret, Duration tokenLifetime) {

    public SandboxOAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive");
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "SandboxOAuthClient[clientId=" + clientId + ", clientSecret=***, tokenLifetime=" + tokenLifetime + "]";
    }
}
