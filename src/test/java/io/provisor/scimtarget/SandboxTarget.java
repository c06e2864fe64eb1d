package io.provisor.scimtarget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.sandbox.SandboxOAuthClient;
import io.provisor.sandbox.SandboxScimServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The in-JVM sandbox SCIM app ({@link SandboxScimServer}), started once per JVM on a free loopback port, read back
 * with plain HTTP. It also serves an OAuth2 token endpoint for {@link #OAUTH_CLIENT}.
 */
public final class SandboxTarget implements ScimTarget {

    public static final String TOKEN = "sandbox-test-token-4f1e0c9b7a";
    public static final SandboxOAuthClient OAUTH_CLIENT = new SandboxOAuthClient("provisor-tests",
            "sandbox-client-secret-9d2c4e", Duration.ofMinutes(5));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final class Holder {
        static final SandboxTarget INSTANCE = new SandboxTarget(new SandboxScimServer(0, TOKEN, OAUTH_CLIENT).start());
    }

    private final SandboxScimServer server;

    private SandboxTarget(SandboxScimServer server) {
        this.server = server;
    }

    public static SandboxTarget get() {
        return Holder.INSTANCE;
    }

    /** The running sandbox, for tests of sandbox-only behaviour (token endpoint, counts). */
    public SandboxScimServer server() {
        return server;
    }

    @Override
    public String name() {
        return "scim-sdk";
    }

    @Override
    public URI baseUrl() {
        return server.baseUrl();
    }

    @Override
    public String token() {
        return TOKEN;
    }

    @Override
    public List<Map<String, Object>> users() {
        return all("/Users");
    }

    @Override
    public List<Map<String, Object>> groups() {
        return all("/Groups");
    }

    @Override
    public void reset() {
        server.clear();
    }

    @Override
    public String toString() {
        return name();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> all(String endpoint) {
        List<Map<String, Object>> resources = new ArrayList<>();
        int startIndex = 1;
        while (true) {
            JsonNode page = get(endpoint + "?startIndex=" + startIndex + "&count=" + SandboxScimServer.MAX_RESULTS);
            JsonNode found = page.path("Resources");
            found.forEach(resource -> resources.add(JSON.convertValue(resource, Map.class)));
            startIndex += found.size();
            if (found.isEmpty() || startIndex > page.path("totalResults").asInt()) {
                return resources;
            }
        }
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json").build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
