package io.provisor.connector.scim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.connector.Connector;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.model.AttributeChange;
import io.provisor.model.TargetPath;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A SCIM 2.0 target, spoken to as Entra's provisioning service does (RFC 7644 over {@code java.net.http}).
 *
 * <p>Choices: a 404 on GET is an absent object; a 404 on DELETE counts as done (the object is gone either way);
 * a 404 on PATCH is {@code InvalidAnchor}. A 404 whose body is a page rather than JSON (a web server's, not the
 * app's) means a wrong base URL and fails for the whole app, so that a wrong URL never reads as "deleted". Group reads send {@code excludedAttributes=members}, and a group that
 * still comes back with members is {@code SystemForCrossDomainIdentityManagementMultipleEntriesInResponse}, as in
 * Entra. A matching query returns what the target returned, unfiltered: Test Connection catches a target that
 * ignores filters. PATCH response bodies are not read. Secrets are read through the resolver on each use, so a
 * rotated secret takes effect without a restart, and never appear in an error.
 */
public final class ScimConnector implements Connector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ScimSettings settings;
    private final ScimHttp http;
    private final Redactor redactor;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param secrets resolves a secret's name ({@code tokenEnv}, {@code clientSecretEnv}) to its value; the caller
     *                combines environment variables and secrets set through the API
     */
    public ScimConnector(ScimSettings settings, Function<String, Optional<String>> secrets) {
        this.settings = settings;
        // Runnable::run: the client's selector thread completes a response itself instead of handing each step to a
        // pool thread. Every call here is a blocking send() whose body is read into a string, so no step blocks it;
        // the hand-offs were more than half of the client's CPU in a cycle (futex waits and wake-ups, context switches).
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
                .connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        Credentials credentials = settings.auth() instanceof ScimAuth.OAuth2 oauth2
                ? new OAuth2Tokens(client, oauth2, secrets, settings.timeout(), clock)
                : Credentials.bearer(((ScimAuth.Bearer) settings.auth()).tokenEnv(), secrets);
        this.http = new ScimHttp(client, settings.baseUrl(), settings.timeout(), credentials);
        this.redactor = new Redactor(credentials::secrets);
    }

    /**
     * A connector from an app.json {@code connector} node.
     *
     * @param pointer where the node is, e.g. {@code /connector}
     * @throws InvalidSettings naming the JSON pointer of the first problem
     */
    public static ScimConnector fromConfig(JsonNode connector, String pointer, Function<String, Optional<String>> secrets) {
        return new ScimConnector(ScimSettings.parse(connector, pointer), secrets);
    }

    public ScimSettings settings() {
        return settings;
    }

    /** As Entra's Test Connection: {@code GET /Users?filter=userName eq "<random UUID>"} must be 200 with an empty list. */
    @Override
    public void testConnection() {
        guarded(() -> {
            try {
                String filter = "userName eq " + Filters.quote(UUID.randomUUID().toString());
                ScimHttp.Response response = http.send("GET", "/Users?filter=" + Filters.encode(filter), null);
                JsonNode list = listResponse(response);
                int found = Math.max(list.path("totalResults").asInt(0), list.path("Resources").size());
                if (found > 0) {
                    throw new ConnectorException(ScimErrors.incompatible(200, response.request() + " for a random userName returned "
                            + found + " resources; the target ignores the filter, so matching would pick wrong accounts"));
                }
                return null;
            } catch (ConnectorException e) {
                throw new ConnectorException(ScimErrors.connectionLevel(e.error()), e.getCause());
            }
        });
    }

    @Override
    public Optional<Map<String, Object>> get(ObjectKind kind, String id) {
        return guarded(() -> {
            ScimHttp.Response response = http.send("GET", endpoint(kind) + "/" + Filters.encode(id) + membersLeftOut(kind, "?"), null);
            if (notFound(response)) {
                return Optional.empty();
            }
            return Optional.of(resource(kind, response, json(success(response))));
        });
    }

    @Override
    public List<Map<String, Object>> find(ObjectKind kind, String targetPath, String value) {
        return guarded(() -> {
            String filter = Filters.equality(path(targetPath), value);
            ScimHttp.Response response = http.send("GET", endpoint(kind) + "?filter=" + Filters.encode(filter)
                    + membersLeftOut(kind, "&"), null);
            List<Map<String, Object>> found = new ArrayList<>();
            for (JsonNode resource : listResponse(response).path("Resources")) {
                found.add(resource(kind, response, resource));
            }
            return found;
        });
    }

    @Override
    public Map<String, Object> create(ObjectKind kind, Map<String, Object> attributes) {
        return guarded(() -> {
            JsonNode body;
            try {
                body = ResourceBody.of(kind, attributes);
            } catch (IllegalArgumentException e) {
                throw notAPath(e);
            }
            ScimHttp.Response response = http.send("POST", endpoint(kind), body);
            if (response.status() == 404) {
                throw collectionMissing(response);
            }
            Map<String, Object> created = jsonObject(success(response));
            if (!(created.get("id") instanceof String)) {
                throw new ConnectorException(ScimErrors.incompatible(response.status(), response.request() + " answered without an id"));
            }
            return created;
        });
    }

    @Override
    public void update(ObjectKind kind, String id, List<AttributeChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        guarded(() -> {
            JsonNode body;
            try {
                body = PatchOperations.forChanges(changes, settings.compatibility());
            } catch (IllegalArgumentException e) {
                throw notAPath(e);
            }
            success(http.send("PATCH", endpoint(kind) + "/" + Filters.encode(id), body));
            return null;
        });
    }

    @Override
    public void delete(ObjectKind kind, String id) {
        guarded(() -> {
            ScimHttp.Response response = http.send("DELETE", endpoint(kind) + "/" + Filters.encode(id), null);
            if (!notFound(response)) {
                success(response);
            }
            return null;
        });
    }

    @Override
    public void addMembers(String groupId, List<String> memberIds) {
        patchMembers(groupId, memberIds, "added", ids -> PatchOperations.addMembers(ids, settings.compatibility()));
    }

    @Override
    public void removeMembers(String groupId, List<String> memberIds) {
        patchMembers(groupId, memberIds, "removed", ids -> PatchOperations.removeMembers(ids, settings.compatibility()));
    }

    /** One PATCH per {@code memberBatchSize} members; a failure says how many were done before it. */
    private void patchMembers(String groupId, List<String> memberIds, String done, Function<List<String>, JsonNode> body) {
        guarded(() -> {
            int batch = settings.memberBatchSize();
            for (int from = 0; from < memberIds.size(); from += batch) {
                List<String> ids = memberIds.subList(from, Math.min(from + batch, memberIds.size()));
                ScimHttp.Response response = http.send("PATCH", "/Groups/" + Filters.encode(groupId), body.apply(ids));
                if (!response.ok()) {
                    TargetError error = failure(response);
                    String progress = from == 0 ? "" : " (" + from + " of " + memberIds.size() + " members were " + done + " before)";
                    throw new ConnectorException(error.withReason(error.reason() + progress, error.recommendedAction()));
                }
            }
            return null;
        });
    }

    /** Every failure leaves through here, with the secrets in use masked. */
    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (ConnectorException e) {
            throw redactor.failure(e.error(), e.getCause());
        }
    }

    private static String endpoint(ObjectKind kind) {
        return kind == ObjectKind.USER ? "/Users" : "/Groups";
    }

    private static String membersLeftOut(ObjectKind kind, String separator) {
        return kind == ObjectKind.GROUP ? separator + "excludedAttributes=members" : "";
    }

    private static TargetPath path(String targetPath) {
        try {
            return TargetPath.parse(targetPath);
        } catch (IllegalArgumentException e) {
            throw notAPath(e);
        }
    }

    private static ConnectorException notAPath(IllegalArgumentException e) {
        return new ConnectorException(new TargetError("SchemaAttributeNotFound", 0, false, null, e.getMessage(),
                "Fix the target attribute path in the app's mappings.", false));
    }

    private ScimHttp.Response success(ScimHttp.Response response) {
        if (!response.ok()) {
            throw new ConnectorException(failure(response));
        }
        return response;
    }

    private TargetError failure(ScimHttp.Response response) {
        return ScimErrors.forStatus(response.request(), response.status(), response.headers(), response.body(), clock);
    }

    /** A ListResponse, or why the answer is not one. */
    private JsonNode listResponse(ScimHttp.Response response) {
        if (response.status() == 404) {
            throw collectionMissing(response);
        }
        JsonNode list = json(success(response));
        if (!list.isObject() || !(list.has("totalResults") || list.has("Resources"))) {
            throw new ConnectorException(ScimErrors.incompatible(response.status(), response.request() + " did not answer a SCIM ListResponse"));
        }
        return list;
    }

    /** A 404 from the app: empty or JSON. A 404 page that is not JSON came from something else at a wrong URL. */
    private static boolean notFound(ScimHttp.Response response) {
        if (response.status() != 404) {
            return false;
        }
        if (response.body() != null && !response.body().isBlank()) {
            try {
                JSON.readTree(response.body());
            } catch (IOException notJson) {
                throw collectionMissing(response);
            }
        }
        return true;
    }

    /** A 404 for {@code /Users} or {@code /Groups} itself: the base URL is wrong, which concerns the whole app. */
    private static ConnectorException collectionMissing(ScimHttp.Response response) {
        return new ConnectorException(ScimErrors.connectionLevel(ScimErrors.incompatible(404, response.request()
                + " answered 404; the base URL is probably wrong (it should be the SCIM root, e.g. https://host/scim/v2)")));
    }

    private Map<String, Object> resource(ObjectKind kind, ScimHttp.Response response, JsonNode resource) {
        if (!resource.isObject() || !resource.path("id").isTextual()) {
            throw new ConnectorException(ScimErrors.incompatible(response.status(), response.request() + " answered a resource without an id"));
        }
        if (kind == ObjectKind.GROUP && resource.path("members").size() > 0) {
            throw new ConnectorException(new TargetError(ScimErrors.MULTIPLE_ENTRIES, response.status(), false, null,
                    response.request() + " returned the group's members although excludedAttributes=members was asked",
                    "Make the app honour excludedAttributes=members on group reads.", false));
        }
        return JSON.convertValue(resource, MAP);
    }

    /** The body as a map, read straight from the text (a tree, then a map from it, read each created user twice). */
    private static Map<String, Object> jsonObject(ScimHttp.Response response) {
        if (response.body() != null && !response.body().isBlank()) {
            try {
                Map<String, Object> object = JSON.readValue(response.body(), MAP);
                if (object != null) {
                    return object;
                }
            } catch (IOException notAnObject) {
                // not JSON, or JSON but no object: told apart below
            }
        }
        json(response); // throws for a body that is not JSON
        throw new ConnectorException(ScimErrors.incompatible(response.status(), response.request() + " answered "
                + response.status() + " with JSON that is not an object"));
    }

    private static JsonNode json(ScimHttp.Response response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("none");
        try {
            JsonNode node = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
            if (node != null) {
                return node;
            }
        } catch (IOException notJson) {
            // reported below, without the parser's message, which may quote the body
        }
        throw new ConnectorException(ScimErrors.incompatible(response.status(), response.request() + " answered "
                + response.status() + " with a body that is not JSON (Content-Type " + contentType + ")"));
    }

    /** Nothing to release: the JDK 17 HttpClient has no close; its threads end when it is unreachable. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "ScimConnector[" + settings.baseUrl() + ", " + settings.auth().getClass().getSimpleName().toLowerCase() + "]";
    }
}
