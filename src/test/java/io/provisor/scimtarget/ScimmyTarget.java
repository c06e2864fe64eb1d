package io.provisor.scimtarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIMMY on Node ({@code src/test/scim-target/server.js}): an independent, stricter SCIM 2.0 server.
 * One server per JVM, started on first use (installing its npm packages if needed) and stopped when
 * the JVM exits. Its quirks: {@code userName eq} is case-sensitive while uniqueness is not; a
 * malformed filter may answer 200 with an empty list; PATCH rejects Entra's string booleans
 * ({@code "False"}) with 400; a filter value with an escaped quote is rejected with 400.
 */
public final class ScimmyTarget implements ScimTarget {

    private static final ScimmyTarget INSTANCE = new ScimmyTarget();
    private static final int PAGE = 500;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final String token = "scimmy-" + UUID.randomUUID();
    private volatile NodeServer server;
    private RuntimeException failure;

    private ScimmyTarget() {
    }

    /** The JVM's one SCIMMY target; its server starts on the first call that needs it. */
    public static ScimmyTarget instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "scimmy";
    }

    @Override
    public URI baseUrl() {
        return server().baseUrl();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public List<Map<String, Object>> users() {
        return readAll("/Users");
    }

    @Override
    public List<Map<String, Object>> groups() {
        return readAll("/Groups");
    }

    @Override
    public Optional<ProcessHandle> process() {
        return Optional.of(server().process());
    }

    /** Empties both stores through the server's test-only route {@code POST /test/reset}. */
    @Override
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUrl().resolve("/test/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("reset of " + name() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private NodeServer server() {
        NodeServer running = server;
        if (running == null) {
            synchronized (this) {
                running = server;
                if (running == null) {
                    if (failure != null) {
                        throw new IllegalStateException("the SCIMMY test target failed to start earlier: " + failure.getMessage(), failure);
                    }
                    try {
                        running = NodeServer.start(NodeServer.directory(), token);
                    } catch (RuntimeException e) {
                        failure = e;
                        throw e;
                    }
                    server = running;
                }
            }
        }
        return running;
    }

    private List<Map<String, Object>> readAll(String endpoint) {
        return ScimPages.readAll(baseUrl(), token, endpoint, PAGE);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + token).header("Accept", "application/scim+json")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
