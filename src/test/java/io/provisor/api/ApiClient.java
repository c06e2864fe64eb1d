package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A real HTTP client for tests against a server on a loopback port. */
record ApiClient(int port, String token) {

    record Reply(int status, String contentType, JsonNode body, String text) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = request(path);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply getWith(String path, String accept) {
        return send(request(path).header("Accept", accept).GET());
    }

    Reply postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    ApiClient withToken(String other) {
        return new ApiClient(port, other);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !response.body().isEmpty() ? Json.mapper().readTree(response.body()) : null;
            return new Reply(response.statusCode(), type, json, response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
