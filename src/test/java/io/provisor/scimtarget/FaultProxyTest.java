package io.provisor.scimtarget;

import static io.provisor.scimtarget.RawScim.entraUser;
import static io.provisor.scimtarget.RawScim.filter;
import static io.provisor.scimtarget.RawScim.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.provisor.scimtarget.FaultProxy.Exchange;
import io.provisor.scimtarget.FaultProxy.Fault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the proxy, proven with a plain java.net.http client against SCIMMY behind it. */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ScimmyTarget target = ScimmyTarget.instance();
    private FaultProxy proxy;
    private RawScim direct;
    private RawScim client;

    @BeforeEach
    void proxy_in_front_of_an_empty_target() {
        target.reset();
        proxy = FaultProxy.start(target.baseUrl());
        direct = new RawScim(target);
        client = new RawScim(proxy.baseUrl(), target.token(), WAIT);
    }

    @AfterEach
    void close_proxy() {
        proxy.close();
    }

    @Test
    void passes_requests_and_answers_through_unchanged() throws Exception {
        HttpResponse<String> created = client.post("/Users", entraUser("amy@contoso.com", "amy"));
        String id = json(created).path("id").asText();

        HttpResponse<String> viaProxy = client.get("/Users/" + id);
        HttpResponse<String> straight = direct.get("/Users/" + id);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(viaProxy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.body()).isEqualTo(straight.body());
        for (String header : List.of("Content-Type", "ETag")) {
            assertThat(viaProxy.headers().firstValue(header)).isPresent().isEqualTo(straight.headers().firstValue(header));
        }
        assertThat(json(client.get("/Users?" + filter("userName eq \"amy@contoso.com\""))).path("totalResults").asInt()).isEqualTo(1);
        assertThat(client.withToken("wrong").get("/Users").statusCode()).isEqualTo(401);
        assertThat(client.send("DELETE", "/Users/" + id, null).statusCode()).isEqualTo(204);
        assertThat(proxy.faultsInjected()).isZero();
        assertThat(proxy.seen("GET", "/Users.*")).isEqualTo(3);
        assertThat(proxy.exchanges()).first().isEqualTo(new Exchange("POST", "/Users", Fault.NONE));
    }

    @Test
    void answers_429_with_a_retry_after_header_then_lets_the_next_request_through() throws Exception {
        proxy.on("GET", "/Users").tooManyRequests(Duration.ofSeconds(7));
        String query = "/Users?" + filter("userName eq \"nobody\"");

        HttpResponse<String> throttled = client.get(query);
        HttpResponse<String> next = client.get(query);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(throttled).path("status").asText()).isEqualTo("429");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(proxy.seen("GET", "/Users")).isEqualTo(2);
        assertThat(proxy.faultsInjected()).isEqualTo(1);
    }

    @Test
    void answers_500_to_the_next_n_matching_requests_only() throws Exception {
        String id = json(direct.post("/Users", entraUser("ben@contoso.com", "ben"))).path("id").asText();
        FaultProxy.Rule rule = proxy.on("GET", "/Users/[^/]+").times(2).serverError();

        List<Integer> statuses = List.of(client.get("/Users/" + id).statusCode(), client.get("/Users/" + id).statusCode(),
                client.get("/Users/" + id).statusCode());

        assertThat(statuses).containsExactly(500, 500, 200);
        assertThat(client.post("/Users", entraUser("cat@contoso.com", "cat")).statusCode()).isEqualTo(201);
        assertThat(rule.injected()).isEqualTo(2);
        assertThat(rule.remaining()).isZero();
    }

    @Test
    void a_delayed_answer_times_the_client_out_before_the_server_sees_the_request() throws Exception {
        proxy.on("POST", "/Users").delay(Duration.ofMinutes(1));

        Throwable failure = catchThrowable(() -> client.withTimeout(Duration.ofMillis(300)).post("/Users", entraUser("dee@contoso.com", "dee")));

        assertThat(failure).isInstanceOf(HttpTimeoutException.class);
        assertThat(target.users()).isEmpty();
    }

    @Test
    void a_dropped_connection_is_an_io_error_and_the_server_never_sees_the_request() throws Exception {
        FaultProxy.Rule rule = proxy.on("POST", "/Users").drop();

        Throwable failure = catchThrowable(() -> client.post("/Users", entraUser("eli@contoso.com", "eli")));

        assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThat(rule.awaitCompleted(1, WAIT)).isTrue();
        assertThat(target.users()).isEmpty();
    }

    @Test
    void forward_then_drop_creates_the_user_though_the_client_saw_an_io_error() throws Exception {
        proxy.on("POST", "/Users").times(1).forwardThenDrop();

        Throwable failure = catchThrowable(() -> client.post("/Users", entraUser("fin@contoso.com", "fin")));
        HttpResponse<String> retry = client.post("/Users", entraUser("fin@contoso.com", "fin"));

        assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThat(target.users()).extracting(user -> user.get("userName")).containsExactly("fin@contoso.com");
        assertThat(retry.statusCode()).isEqualTo(409);
    }

    @Test
    void forward_then_hang_creates_the_user_though_the_client_timed_out() throws Exception {
        FaultProxy.Rule rule = proxy.on("POST", "/Users").forwardThenHang();

        Throwable failure = catchThrowable(() -> client.withTimeout(Duration.ofMillis(500)).post("/Users", entraUser("gus@contoso.com", "gus")));

        assertThat(failure).isInstanceOf(HttpTimeoutException.class);
        assertThat(rule.awaitCompleted(1, WAIT)).isTrue();
        assertThat(target.users()).extracting(user -> user.get("userName")).containsExactly("gus@contoso.com");
    }

    @Test
    void a_dropped_get_is_retried_once_by_java_net_http_on_a_fresh_connection() throws Exception {
        client.get("/Users");  // leaves a pooled connection behind
        proxy.on("GET", "/Users").drop();

        HttpResponse<String> answer = client.get("/Users");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(proxy.exchanges()).extracting(Exchange::fault).containsExactly(Fault.NONE, Fault.DROP, Fault.NONE);
    }

    @Test
    void clear_forgets_rules_and_counts() throws Exception {
        proxy.on("*", ".*").always().serverError();
        assertThat(client.get("/Users").statusCode()).isEqualTo(500);

        proxy.clear();

        assertThat(proxy.exchanges()).isEmpty();
        assertThat(client.get("/Users").statusCode()).isEqualTo(200);
        assertThat(proxy.exchanges()).containsExactly(new Exchange("GET", "/Users", Fault.NONE));
    }

    @Test
    void forwards_a_chunked_request_body_sent_after_100_continue() throws Exception {
        byte[] body = entraUser("hal@contoso.com", "hal").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/Users")).expectContinue(true)
                .header("Authorization", "Bearer " + target.token()).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> created = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(target.users()).extracting(user -> user.get("userName")).containsExactly("hal@contoso.com");
    }
}
