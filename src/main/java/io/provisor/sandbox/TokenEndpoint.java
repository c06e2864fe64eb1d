package io.provisor.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth2/token} with {@code grant_type=client_credentials}: the client authenticates with
 * {@code client_id} and {@code client_secret} in the form (or HTTP Basic, RFC 6749 §2.3.1) and gets a bearer
 * token that the SCIM endpoints accept until it expires. Errors follow RFC 6749 §5.2.
 */
final class TokenEndpoint implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SandboxOAuthClient client;
    private final IssuedTokens tokens;

    TokenEndpoint(SandboxOAuthClient client, IssuedTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, Map.of("error", "invalid_request", "error_description", "use POST"));
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            basicCredentials(exchange).ifPresent(form::putAll);
            if (!"client_credentials".equals(form.get("grant_type"))) {
                reply(exchange, 400, Map.of("error", "unsupported_grant_type"));
            } else if (!matches(client.clientId(), form.get("client_id")) || !matches(client.clientSecret(), form.get("client_secret"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"sandbox\"");
                reply(exchange, 401, Map.of("error", "invalid_client"));
            } else {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("access_token", tokens.issue(client.tokenLifetime()));
                token.put("token_type", "Bearer");
                token.put("expires_in", Math.max(1, client.tokenLifetime().toSeconds()));
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                reply(exchange, 200, token);
            }
        }
    }

    private static Optional<Map<String, String>> basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(Map.of("client_id", decode(pair.substring(0, colon)), "client_secret", decode(pair.substring(colon + 1))));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
