package io.provisor.scimtarget;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every resource of a SCIM endpoint page by page ({@code startIndex}/{@code count}), as the test targets read themselves back. */
final class ScimPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private ScimPages() {
    }

    /** Every resource at {@code baseUrl + endpoint}, {@code pageSize} at a time. */
    static List<Map<String, Object>> readAll(URI baseUrl, String token, String endpoint, int pageSize) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int startIndex = 1; ; ) {
            HttpResponse<String> response = get(URI.create(baseUrl + endpoint + "?startIndex=" + startIndex + "&count=" + pageSize), token);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + endpoint + " at " + baseUrl + " answered " + response.statusCode() + ": " + response.body());
            }
            ListResponse page = parse(response.body());
            all.addAll(page.resources());
            startIndex += page.resources().size();
            if (page.resources().isEmpty() || startIndex > page.totalResults()) {
                return all;
            }
        }
    }

    private record ListResponse(int totalResults, List<Map<String, Object>> resources) {
    }

    private static ListResponse parse(String body) {
        try {
            Map<String, Object> page = JSON.readValue(body, new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> resources = (List<Map<String, Object>>) page.getOrDefault("Resources", List.of());
            return new ListResponse(((Number) page.get("totalResults")).intValue(), resources);
        } catch (IOException e) {
            throw new UncheckedIOException("not a SCIM ListResponse: " + body, e);
        }
    }

    private static HttpResponse<String> get(URI uri, String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/scim+json").timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
