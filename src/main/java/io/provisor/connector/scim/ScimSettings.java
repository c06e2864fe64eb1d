package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * An app's SCIM connector, as its app.json {@code connector} node configures it:
 * <pre>{@code
 * {"type": "scim", "baseUrl": "https://crm.example.com/scim/v2",
 *  "auth": {"type": "bearer", "tokenEnv": "CRM_SCIM_TOKEN"},
 *  "compatibility": "entra-legacy", "timeoutSeconds": 30, "memberBatchSize": 50}
 * }</pre>
 * or with {@code "auth": {"type": "oauth2", "tokenUrl": "...", "clientId": "...", "clientSecretEnv": "...", "scope": "..."}}.
 *
 * @param baseUrl         the SCIM base URL, without a trailing slash; Users are at {@code baseUrl + "/Users"}
 * @param compatibility   the PATCH shapes to send; {@code rfc7644} unless configured
 * @param timeout         for connecting and for each request
 * @param memberBatchSize how many members one PATCH adds or removes
 */
public record ScimSettings(URI baseUrl, ScimAuth auth, Compatibility compatibility, Duration timeout, int memberBatchSize) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MEMBER_BATCH_SIZE = 50;

    private static final Set<String> FIELDS = Set.of("type", "baseUrl", "auth", "compatibility", "timeoutSeconds", "memberBatchSize");
    private static final Set<String> BEARER_FIELDS = Set.of("type", "tokenEnv");
    private static final Set<String> OAUTH2_FIELDS = Set.of("type", "tokenUrl", "clientId", "clientSecretEnv", "scope");

    public ScimSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(timeout, "timeout");
        if (memberBatchSize < 1) {
            throw new IllegalArgumentException("memberBatchSize must be at least 1");
        }
        String url = baseUrl.toString();
        baseUrl = url.endsWith("/") ? URI.create(url.substring(0, url.length() - 1)) : baseUrl;
    }

    /** A bearer-token connector with the defaults, e.g. for the sandbox. */
    public static ScimSettings bearer(URI baseUrl, String tokenEnv) {
        return new ScimSettings(baseUrl, new ScimAuth.Bearer(tokenEnv), Compatibility.RFC7644, DEFAULT_TIMEOUT,
                DEFAULT_MEMBER_BATCH_SIZE);
    }

    public ScimSettings withCompatibility(Compatibility value) {
        return new ScimSettings(baseUrl, auth, value, timeout, memberBatchSize);
    }

    public ScimSettings withTimeout(Duration value) {
        return new ScimSettings(baseUrl, auth, compatibility, value, memberBatchSize);
    }

    public ScimSettings withMemberBatchSize(int value) {
        return new ScimSettings(baseUrl, auth, compatibility, timeout, value);
    }

    /**
     * Reads a {@code connector} node.
     *
     * @param pointer where the node is in its file, e.g. {@code /connector}; problems are reported below it
     * @throws InvalidSettings naming the first problem and its JSON pointer
     */
    public static ScimSettings parse(JsonNode node, String pointer) {
        requireObject(node, pointer, FIELDS);
        String type = text(node, pointer, "type", true);
        if (!type.equals("scim")) {
            throw new InvalidSettings(pointer + "/type", "`" + type + "` is not a connector type this reader knows; use `scim`");
        }
        URI baseUrl = url(node, pointer, "baseUrl");
        ScimAuth auth = auth(node.get("auth"), pointer + "/auth");
        Compatibility compatibility = Compatibility.RFC7644;
        String compatibilityName = text(node, pointer, "compatibility", false);
        if (compatibilityName != null) {
            compatibility = Arrays.stream(Compatibility.values()).filter(c -> c.configName().equals(compatibilityName))
                    .findFirst().orElseThrow(() -> new InvalidSettings(pointer + "/compatibility",
                            "`" + compatibilityName + "` is not one of `rfc7644`, `entra-legacy`"));
        }
        int timeoutSeconds = integer(node, pointer, "timeoutSeconds", (int) DEFAULT_TIMEOUT.toSeconds(), 1, 600);
        int batch = integer(node, pointer, "memberBatchSize", DEFAULT_MEMBER_BATCH_SIZE, 1, 1000);
        return new ScimSettings(baseUrl, auth, compatibility, Duration.ofSeconds(timeoutSeconds), batch);
    }

    private static ScimAuth auth(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            throw new InvalidSettings(pointer, "an `auth` object is required");
        }
        if (!node.isObject()) {
            throw new InvalidSettings(pointer, "an object is required");
        }
        String type = text(node, pointer, "type", true);
        switch (type) {
            case "bearer" -> {
                requireObject(node, pointer, BEARER_FIELDS);
                return new ScimAuth.Bearer(text(node, pointer, "tokenEnv", true));
            }
            case "oauth2" -> {
                requireObject(node, pointer, OAUTH2_FIELDS);
                return new ScimAuth.OAuth2(url(node, pointer, "tokenUrl"), text(node, pointer, "clientId", true),
                        text(node, pointer, "clientSecretEnv", true), text(node, pointer, "scope", false));
            }
            default -> throw new InvalidSettings(pointer + "/type", "`" + type + "` is not one of `bearer`, `oauth2`");
        }
    }

    private static void requireObject(JsonNode node, String pointer, Set<String> fields) {
        if (node == null || !node.isObject()) {
            throw new InvalidSettings(pointer, "an object is required");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidSettings(pointer + "/" + name, "unknown field; expected one of " + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String pointer, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidSettings(pointer + "/" + field, "a value is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidSettings(pointer + "/" + field, "a non-empty string is required");
        }
        return value.asText().strip();
    }

    private static URI url(JsonNode node, String pointer, String field) {
        String text = text(node, pointer, field, true);
        try {
            URI uri = new URI(text);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null) {
                throw new InvalidSettings(pointer + "/" + field, "`" + text + "` is not an http or https URL with a host");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidSettings(pointer + "/" + field, "`" + text + "` must not have a query or fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidSettings(pointer + "/" + field, "`" + text + "` is not a URL: " + e.getReason());
        }
    }

    private static int integer(JsonNode node, String pointer, String field, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            throw new InvalidSettings(pointer + "/" + field, "an integer from " + min + " to " + max + " is required");
        }
        return value.asInt();
    }
}
