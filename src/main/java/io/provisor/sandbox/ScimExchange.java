package io.provisor.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.exceptions.ResponseException;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Carries one HTTP exchange under {@code /scim/v2} to the SDK and its answer back.
 *
 * <p>Requests that write run one at a time: the SDK reads a resource, applies a PATCH and hands the result to the
 * store, and two PATCHes of one group interleaved that way would lose members.
 */
final class ScimExchange implements HttpHandler {

    /**
     * An endpoint, and an id or {@code .search}, right below the base path. The SDK finds the endpoint by the last
     * path segments alone and would serve {@code /scim/v2/anything/Users}; a client with a wrong base URL must see 404.
     */
    private static final Pattern ENDPOINT = Pattern.compile(
            "/(Users|Groups|Schemas|ResourceTypes|ServiceProviderConfig|Bulk|\\.search)(/[^/]+)?");

    private final ResourceEndpoint endpoint;
    private final BearerAuthorization authorization;
    private final ReentrantLock writes = new ReentrantLock();

    ScimExchange(ResourceEndpoint endpoint, BearerAuthorization authorization) {
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, answer(exchange));
        }
    }

    private ScimResponse answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!ENDPOINT.matcher(path.substring(SandboxScimServer.BASE_PATH.length())).matches()) {
            return error(404, "no SCIM endpoint at " + path);
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(exchange.getRequestMethod());
        } catch (IllegalArgumentException unknown) {
            return error(405, "method " + exchange.getRequestMethod() + " is not supported");
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String host = exchange.getRequestHeaders().getFirst("Host");
        String url = "http://" + (host == null ? "127.0.0.1:" + exchange.getLocalAddress().getPort() : host) + exchange.getRequestURI();
        Context context = new Context(authorization);
        if (method == HttpMethod.GET) {
            return endpoint.handleRequest(url, method, body, headers, context);
        }
        writes.lock();
        try {
            return endpoint.handleRequest(url, method, body, headers, context);
        } finally {
            writes.unlock();
        }
    }

    private static ErrorResponse error(int status, String detail) {
        return new ErrorResponse(new ResponseException(detail, status, null));
    }

    private static void send(HttpExchange exchange, ScimResponse response) throws IOException {
        response.getHttpHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        int status = response.getHttpStatus();
        byte[] body = status == 204 || response.isEmpty() ? new byte[0] : response.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
