package io.provisor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's OAuth2 client-credentials token endpoint and the tokens it issues. */
class SandboxTokenEndpointTest {

    static final SandboxOAuthClient CLIENT = new SandboxOAuthClient("client-1", "s3cret/+&=", Duration.ofSeconds(2));
    static SandboxScimServer server;

    @BeforeAll
    static void start() {
        server = new SandboxScimServer(0, "static-token", CLIENT).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> token(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String issued() throws Exception {
        HttpResponse<String> reply = token("grant_type=client_credentials&client_id=client-1&client_secret=s3cret%2F%2B%26%3D");
        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(reply.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(2);
        return body.path("access_token").asText();
    }

    private static int usersStatus(String token) {
        return new SandboxClient(server.baseUrl(), token).get("/Users").status();
    }

    @Test
    void an_issued_token_is_accepted_until_it_expires() throws Exception {
        String token = issued();
        assertThat(usersStatus(token)).isEqualTo(200);
        Thread.sleep(2100);
        assertThat(usersStatus(token)).isEqualTo(401);
    }

    @Test
    void a_revoked_token_is_refused() throws Exception {
        String token = issued();
        server.revokeIssuedTokens();
        assertThat(usersStatus(token)).isEqualTo(401);
    }

    @Test
    void a_wrong_secret_is_invalid_client() throws Exception {
        HttpResponse<String> reply = token("grant_type=client_credentials&client_id=client-1&client_secret=nope");
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.body()).contains("invalid_client");
    }

    @Test
    void only_the_client_credentials_grant_is_served() throws Exception {
        HttpResponse<String> reply = token("grant_type=password&client_id=client-1&client_secret=s3cret%2F%2B%26%3D");
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).contains("unsupported_grant_type");
    }

    @Test
    void http_basic_client_authentication_works_too() throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString("client-1:s3cret%2F%2B%26%3D".getBytes());
        HttpRequest request = HttpRequest.newBuilder(server.tokenUrl()).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void without_a_configured_client_there_is_no_token_endpoint() throws Exception {
        try (SandboxScimServer plain = new SandboxScimServer(0, "t").start()) {
            HttpRequest request = HttpRequest.newBuilder(plain.tokenUrl()).POST(HttpRequest.BodyPublishers.ofString("")).build();
            assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
        assertThat(URI.create(server.tokenUrl().toString()).getPath()).isEqualTo("/oauth2/token");
    }
}
