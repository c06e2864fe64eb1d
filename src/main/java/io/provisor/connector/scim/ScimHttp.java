package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.connector.ConnectorException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SCIM requests: {@code application/scim+json} both ways, the credentials' Authorization header, the
 * configured timeout, and one more attempt after a 401 when the credentials could renew their token. Whatever
 * status comes back is returned; only the lack of an answer is thrown.
 */
final class ScimHttp {

    static final String SCIM_JSON = "application/scim+json";
    private static final Logger LOG = LoggerFactory.getLogger(ScimHttp.class);

    /** An answer; {@code request} describes what was asked ({@code GET /Users}) for error reasons. */
    record Response(String request, int status, HttpHeaders headers, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final URI baseUrl;
    private final Duration timeout;
    private final Credentials credentials;

    ScimHttp(HttpClient http, URI baseUrl, Duration timeout, Credentials credentials) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.credentials = credentials;
    }

    /**
     * @param pathAndQuery below the base URL, already encoded, e.g. {@code /Users?filter=...}
     * @param body         JSON to send, or null
     */
    Response send(String method, String pathAndQuery, JsonNode body) {
        Response response = attempt(method, pathAndQuery, body);
        if (response.status() == 401 && credentials.renew()) {
            LOG.debug("{} answered 401; retrying once with a renewed token", response.request());
            response = attempt(method, pathAndQuery, body);
        }
        return response;
    }

    private Response attempt(String method, String pathAndQuery, JsonNode body) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        String described = method + " " + uri.getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", SCIM_JSON)
                .header("Authorization", credentials.authorization());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", SCIM_JSON)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            LOG.debug("{} -> {} in {} ms", described, response.statusCode(), (System.nanoTime() - started) / 1_000_000);
            return new Response(described, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            LOG.debug("{} failed after {} ms: {}", described, (System.nanoTime() - started) / 1_000_000, e.toString());
            throw new ConnectorException(ScimErrors.transport(e, described, uri, timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ScimErrors.interrupted(described, uri, timeout), e);
        }
    }
}
