package io.provisor.scimtarget;

import io.provisor.scimtarget.Http1.Header;
import io.provisor.scimtarget.Http1.Request;
import io.provisor.scimtarget.Http1.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The server behind a {@link FaultProxy}: forwards a request as received and returns the answer as sent. */
final class Upstream {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    Upstream(URI base) {
        this.base = base;
    }

    /** The base URL's path without a trailing slash, e.g. {@code /scim/v2}. */
    String basePath() {
        return Objects.toString(base.getRawPath(), "").replaceAll("/+$", "");
    }

    /** A request path relative to the base path: {@code /scim/v2/Users/1} is {@code /Users/1}. */
    String relative(String path) {
        String prefix = basePath();
        return !prefix.isEmpty() && path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
    }

    /** The server's answer, or a 502 when it cannot be reached. */
    Response forward(Request request) throws InterruptedException {
        URI target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + request.target());
        boolean bodiless = request.body().length == 0
                && request.headers().stream().noneMatch(h -> h.is("Content-Length") || h.is("Transfer-Encoding"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60)).method(request.method(),
                bodiless ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Header header : request.headers()) {
            if (!Http1.HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                builder.header(header.name(), header.value());
            }
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            List<Header> headers = new ArrayList<>();
            response.headers().map().forEach((name, values) -> values.forEach(value -> headers.add(new Header(name, value))));
            return new Response(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            return error(502, "FaultProxy could not reach " + base + ": " + e);
        }
    }

    /** A SCIM error answer with this status. */
    static Response error(int status, String detail) {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status
                + "\",\"detail\":" + RawScim.quote(detail) + "}";
        return new Response(status, List.of(new Header("Content-Type", "application/scim+json; charset=utf-8")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
