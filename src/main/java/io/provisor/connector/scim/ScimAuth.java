package io.provisor.connector.scim;

import java.net.URI;

/** How the connector authenticates. Holds the names of secrets, never their values. */
public sealed interface ScimAuth {

    /** A long-lived token sent as {@code Authorization: Bearer}; {@code tokenEnv} names the secret holding it. */
    record Bearer(String tokenEnv) implements ScimAuth {
    }

    /**
     * OAuth2 client credentials grant: a token from {@code tokenUrl}, cached until shortly before it expires.
     *
     * @param clientSecretEnv names the secret holding the client secret
     * @param scope           sent when not null
     */
    record OAuth2(URI tokenUrl, String clientId, String clientSecretEnv, String scope) implements ScimAuth {
    }
}
