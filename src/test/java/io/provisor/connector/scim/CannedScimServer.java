package io.provisor.connector.scim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A hand-written fake of a misbehaving SCIM app, for the answers a real server will not give on demand (429 with
 * Retry-After, 500, a body that is not JSON, a slow answer, a detail that echoes the token). Every request gets the
 * canned answer; the requests are recorded. Not a model of SCIM: protocol behaviour is tested against real servers.
 */
final class CannedScimServer implements AutoCloseable {

    /** What every request is answered with. */
    record Answer(int status, Map<String, String> headers, String body, Duration delay) {

        static Answer of(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/scim+json"), body, Duration.ZERO);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body, delay);
        }

        Answer after(Duration wait) {
            return new Answer(status, headers, body, wait);
        }
    }

    /** A request as received, with its Authorization header. */
    record Received(String method, String uri, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile List<Answer> answers = List.of(Answer.of(200, "{}"));

    CannedScimServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
                List<Answer> turns = answers;
                Answer current = turns.get(Math.min(received.size() - 1, turns.size() - 1));
                if (!current.delay().isZero()) {
                    try {
                        Thread.sleep(current.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                current.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(current.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (IOException clientGone) {
                // the client timed out and closed the connection
            }
        });
        server.start();
    }

    CannedScimServer answer(Answer next) {
        return answerInTurn(List.of(next));
    }

    /** The n-th request gets the n-th answer; the last answer repeats. Counts from the requests received so far. */
    CannedScimServer answerInTurn(List<Answer> next) {
        received.clear();
        this.answers = List.copyOf(next);
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2");
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
