package io.provisor.connector.scim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Passes requests on to a real SCIM server unchanged and records them, so that a test can see what the connector
 * sent (how many PATCHes, in which shape) while the real server decides the answers.
 */
final class RecordingProxy implements AutoCloseable {

    record Request(String method, String path, String body) {
    }

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "upgrade", "expect");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final URI target;

    RecordingProxy(URI targetBaseUrl) {
        this.target = targetBaseUrl;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String suffix = exchange.getRequestURI().getRawPath().substring("/proxy".length())
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                requests.add(new Request(exchange.getRequestMethod(), suffix, new String(body, StandardCharsets.UTF_8)));
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + suffix))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!RESTRICTED.contains(name.toLowerCase())) {
                        values.forEach(value -> forward.header(name, value));
                    }
                });
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().map().forEach((name, values) -> {
                    if (!RESTRICTED.contains(name.toLowerCase()) && !name.equalsIgnoreCase("date") && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    exchange.getResponseBody().write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The proxy's base URL, standing for the target's. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/proxy");
    }

    List<Request> requests(String method) {
        return requests.stream().filter(request -> request.method().equals(method)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
