package io.provisor.scimtarget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain java.net.http SCIM requests for the fixtures' own tests; failures surface as they come. */
record RawScim(URI baseUrl, String token, Duration timeout) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    RawScim(ScimTarget target) {
        this(target.baseUrl(), target.token(), Duration.ofSeconds(30));
    }

    RawScim withTimeout(Duration other) {
        return new RawScim(baseUrl, token, other);
    }

    RawScim withToken(String other) {
        return new RawScim(baseUrl, other, timeout);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return send("PATCH", path, json);
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/scim+json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Entra's create-user body (entra-spec §7.2) with the enterprise extension. */
    static String entraUser(String userName, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":%s,"userName":%s,"active":true,
                 "emails":[{"primary":true,"type":"work","value":%s}],
                 "meta":{"resourceType":"User"},
                 "name":{"formatted":"Test User","familyName":"User","givenName":"Test"},"roles":[],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701","department":"Sales"}}
                """.formatted(quote(externalId), quote(userName), quote(userName));
    }

    /** Entra's create-group body: created without members, which are added by PATCH. */
    static String entraGroup(String displayName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":%s,"displayName":%s,"meta":{"resourceType":"Group"}}
                """.formatted(quote("ext-" + displayName), quote(displayName));
    }

    static String filter(String expression) {
        return "filter=" + java.net.URLEncoder.encode(expression, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
