package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client credentials (RFC 6749 §4.4): fetches an access token with the client id and secret in the form
 * body, keeps it until shortly before {@code expires_in} runs out, and fetches a new one when asked to renew
 * after a 401.
 */
final class OAuth2Tokens implements Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Tokens.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Used when the token endpoint does not say how long a token lives (expires_in is only RECOMMENDED). */
    private static final Duration ASSUMED_LIFETIME = Duration.ofHours(1);
    private static final Duration MOST_EARLY = Duration.ofMinutes(1);
    private static final Set<String> CLIENT_REFUSED = Set.of("invalid_client", "unauthorized_client", "invalid_grant", "invalid_scope");

    private final HttpClient http;
    private final ScimAuth.OAuth2 settings;
    private final Function<String, Optional<String>> secrets;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    OAuth2Tokens(HttpClient http, ScimAuth.OAuth2 settings, Function<String, Optional<String>> secrets, Duration timeout, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.secrets = secrets;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public synchronized String authorization() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    @Override
    public synchronized boolean renew() {
        token = null;
        return true;
    }

    @Override
    public synchronized Collection<String> secrets() {
        List<String> values = new ArrayList<>(Credentials.present(secrets, settings.clientSecretEnv()));
        if (token != null) {
            values.add(token);
        }
        return values;
    }

    private void fetch() {
        String form = "grant_type=client_credentials&client_id=" + encode(settings.clientId())
                + "&client_secret=" + encode(Credentials.secret(secrets, settings.clientSecretEnv()))
                + (settings.scope() == null ? "" : "&scope=" + encode(settings.scope()));
        HttpRequest request = HttpRequest.newBuilder(settings.tokenUrl()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String described = "POST " + settings.tokenUrl().getRawPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConnectorException(ScimErrors.transport(e, described, settings.tokenUrl(), timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ScimErrors.interrupted(described, settings.tokenUrl(), timeout), e);
        }
        JsonNode body = json(response.body());
        if (response.statusCode() != 200) {
            String error = body == null ? null : body.path("error").asText(null);
            if (error != null && CLIENT_REFUSED.contains(error)) {
                String description = body.path("error_description").asText("");
                throw new ConnectorException(new TargetError("Unauthorized", response.statusCode(), false, null,
                        described + " answered " + response.statusCode() + " " + error
                                + (description.isBlank() ? "" : ": " + ScimErrors.oneLine(description))
                                + "; the token endpoint refused the client `" + settings.clientId() + "`",
                        "Check the OAuth2 client id, client secret and scope, then test the connection again.", true));
            }
            throw new ConnectorException(ScimErrors.forStatus(described, response.statusCode(), response.headers(), response.body(), clock));
        }
        String accessToken = body == null ? null : body.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw new ConnectorException(ScimErrors.connectionLevel(ScimErrors.incompatible(200,
                    described + " answered 200 without an access_token")));
        }
        String type = body.path("token_type").asText("bearer");
        if (!type.equalsIgnoreCase("bearer")) {
            throw new ConnectorException(ScimErrors.connectionLevel(ScimErrors.incompatible(200,
                    described + " issued a `" + type + "` token; only bearer tokens are supported")));
        }
        long seconds = body.path("expires_in").asLong(0);
        Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : ASSUMED_LIFETIME;
        Duration early = lifetime.dividedBy(10).compareTo(MOST_EARLY) < 0 ? lifetime.dividedBy(10) : MOST_EARLY;
        token = accessToken;
        renewAt = clock.instant().plus(lifetime).minus(early);
        LOG.debug("got an access token from {} valid for {} s", settings.tokenUrl(), lifetime.toSeconds());
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
