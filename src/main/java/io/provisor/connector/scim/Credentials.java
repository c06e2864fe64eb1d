package io.provisor.connector.scim;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What the connector sends as {@code Authorization}, and the secret values that must never be shown. */
interface Credentials {

    /** The header value; throws a connection-level {@link ConnectorException} when a secret is not set. */
    String authorization();

    /** After a 401: drops a cached token. True when a new attempt may succeed with a fresh one. */
    boolean renew();

    /** The secret values in use now, for {@link Redactor}. */
    Collection<String> secrets();

    /** A long-lived bearer token, read from the secret on every request so that a rotated secret takes effect. */
    static Credentials bearer(String tokenEnv, Function<String, Optional<String>> secrets) {
        return new Credentials() {
            @Override
            public String authorization() {
                return "Bearer " + secret(secrets, tokenEnv);
            }

            @Override
            public boolean renew() {
                return false;
            }

            @Override
            public Collection<String> secrets() {
                return present(secrets, tokenEnv);
            }
        };
    }

    /** The value of a secret, or a connection-level failure naming it. */
    static String secret(Function<String, Optional<String>> secrets, String name) {
        return secrets.apply(name).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new ConnectorException(new TargetError("Unauthorized", 0, false, null,
                        "the secret `" + name + "` is not set, so no request was sent",
                        "Set the environment variable `" + name + "` or the app's secret of that name.", true)));
    }

    /** The secret's value as a list of zero or one, for {@link #secrets()}. */
    static List<String> present(Function<String, Optional<String>> secrets, String name) {
        return secrets.apply(name).map(String::strip).stream().toList();
    }
}
