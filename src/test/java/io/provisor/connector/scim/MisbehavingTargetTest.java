package io.provisor.connector.scim;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.connector.scim.CannedScimServer.Answer;
import io.provisor.model.AttributeChange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** Answers no real server gives on demand, from {@link CannedScimServer}, mapped to Entra's error codes. */
class MisbehavingTargetTest {

    static final String EMPTY_LIST = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,\"Resources\":[]}";
    final CannedScimServer server = new CannedScimServer();

    @AfterEach
    void stop() {
        server.close();
    }

    ScimConnector connector(URI baseUrl, Duration timeout) {
        return new ScimConnector(ScimSettings.bearer(baseUrl, "T").withTimeout(timeout), name -> Optional.of("canned-token-abcdef"));
    }

    TargetError failure(Answer answer, Executable call) {
        server.answer(answer);
        return catchThrowableOfType(ConnectorException.class, call::execute).error();
    }

    TargetError failure(Answer answer) {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        return failure(answer, () -> connector.get(ObjectKind.USER, "u1"));
    }

    static String scimError(int status, String scimType, String detail) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"" + status + "\""
                + (scimType == null ? "" : ",\"scimType\":\"" + scimType + "\"") + ",\"detail\":\"" + detail + "\"}";
    }

    @Test
    void a_429_is_retryable_after_the_seconds_the_target_asked_for() {
        TargetError error = failure(Answer.of(429, scimError(429, null, "slow down")).withHeader("Retry-After", "120"));
        assertThat(error.code()).isEqualTo("TooManyRequests");
        assertThat(error.retryable()).isTrue();
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(error.reason()).isEqualTo("GET /scim/v2/Users/u1 answered 429: slow down; the target is throttling");
    }

    @Test
    void a_retry_after_date_is_read_as_the_wait_until_then() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
        TargetError error = failure(Answer.of(429, "").withHeader("Retry-After", inTwoMinutes));
        assertThat(error.retryAfter().toSeconds()).isCloseTo(120, within(3L));
    }

    @Test
    void a_500_is_a_retryable_internal_server_error() {
        TargetError error = failure(Answer.of(500, scimError(500, null, "database down")));
        assertThat(error.code()).isEqualTo("InternalServerError");
        assertThat(error.retryable()).isTrue();
        assertThat(error.reason()).contains("answered 500: database down");
    }

    @Test
    void a_503_carries_its_retry_after() {
        TargetError error = failure(Answer.of(503, "").withHeader("Retry-After", "30"));
        assertThat(error.code()).isEqualTo("InternalServerError");
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void statuses_map_to_entra_codes() {
        assertThat(failure(Answer.of(403, "")).code()).isEqualTo("InsufficientRights");
        assertThat(failure(Answer.of(403, "")).connectionLevel()).isTrue();
        assertThat(failure(Answer.of(405, "")).code()).isEqualTo("MethodNotAllowed");
        assertThat(failure(Answer.of(409, scimError(409, "uniqueness", "taken"))).code()).isEqualTo("EntryConflict");
        assertThat(failure(Answer.of(422, "")).code()).isEqualTo("UnprocessableEntity");
        assertThat(failure(Answer.of(501, "")).code()).isEqualTo("NotImplemented");
    }

    @Test
    void a_400_goes_by_its_scim_type() {
        assertThat(failure(Answer.of(400, scimError(400, "uniqueness", "taken"))).code()).isEqualTo("EntryConflict");
        assertThat(failure(Answer.of(400, scimError(400, "mutability", "read-only"))).code()).isEqualTo("NotPermitted");
        TargetError filter = failure(Answer.of(400, scimError(400, "invalidFilter", "bad filter")));
        assertThat(filter.code()).isEqualTo("SchemaAttributeNotFound");
        assertThat(filter.reason()).startsWith("GET /scim/v2/Users/u1 answered 400 invalidFilter: bad filter");
        assertThat(failure(Answer.of(400, scimError(400, "invalidValue", "not an email"))).code()).isEqualTo("UnprocessableEntity");
    }

    @Test
    void a_body_that_is_not_json_is_service_incompatible() {
        TargetError error = failure(new Answer(200, Map.of("Content-Type", "text/html"), "<html>login</html>", Duration.ZERO));
        assertThat(error.code()).isEqualTo("SystemForCrossDomainIdentityManagementServiceIncompatible");
        assertThat(error.retryable()).isFalse();
        assertThat(error.reason()).contains("not JSON (Content-Type text/html)").doesNotContain("login");
    }

    @Test
    void a_create_answered_without_a_json_object_is_service_incompatible() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        TargetError array = failure(Answer.of(201, "[]"), () -> connector.create(ObjectKind.USER, Map.of("userName", "ada")));
        assertThat(array.code()).isEqualTo("SystemForCrossDomainIdentityManagementServiceIncompatible");
        assertThat(array.reason()).isEqualTo("POST /scim/v2/Users answered 201 with JSON that is not an object");
        TargetError html = failure(new Answer(201, Map.of("Content-Type", "text/html"), "<html>login</html>", Duration.ZERO),
                () -> connector.create(ObjectKind.USER, Map.of("userName", "ada")));
        assertThat(html.reason()).contains("not JSON (Content-Type text/html)").doesNotContain("login");
    }

    @Test
    void a_slow_answer_is_a_retryable_timeout() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(1));
        TargetError error = failure(Answer.of(200, "{}").after(Duration.ofSeconds(3)), () -> connector.get(ObjectKind.USER, "u1"));
        assertThat(error.code()).isEqualTo("Timeout");
        assertThat(error.retryable()).isTrue();
        assertThat(error.unanswered()).as("a slow target is not tried again at once").isFalse();
        assertThat(error.reason()).isEqualTo("GET /scim/v2/Users/u1: no answer within 1 s");
    }

    @Test
    void a_request_interrupted_while_it_waits_is_not_tried_again_at_once() throws Exception {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(30));
        server.answer(Answer.of(200, "{}").after(Duration.ofSeconds(20)));
        AtomicReference<TargetError> error = new AtomicReference<>();
        Thread caller = new Thread(() -> error.set(catchThrowableOfType(ConnectorException.class,
                () -> connector.get(ObjectKind.USER, "u1")).error()));
        caller.start();
        for (long deadline = System.nanoTime() + 10_000_000_000L; server.received().isEmpty() && System.nanoTime() < deadline; ) {
            Thread.onSpinWait(); // until the request is at the server, waiting for its answer
        }
        caller.interrupt();
        caller.join(10_000);
        assertThat(error.get().retryable()).isTrue();
        assertThat(error.get().unanswered()).isFalse();
    }

    @Test
    void a_request_that_timed_out_leaves_the_connector_answering_the_next() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(1));
        assertThat(failure(Answer.of(200, "{}").after(Duration.ofSeconds(3)), () -> connector.get(ObjectKind.USER, "u1")).code())
                .isEqualTo("Timeout");
        server.answer(Answer.of(200, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"u1\",\"userName\":\"ada\"}"));
        assertThat(connector.get(ObjectKind.USER, "u1")).hasValueSatisfying(user -> assertThat(user).containsEntry("userName", "ada"));
    }

    @Test
    void an_unreachable_port_is_a_retryable_protocol_error() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ScimConnector connector = connector(URI.create("http://127.0.0.1:" + port + "/scim/v2"), Duration.ofSeconds(5));
        TargetError error = catchThrowableOfType(ConnectorException.class, () -> connector.get(ObjectKind.USER, "u1")).error();
        assertThat(error.code()).isEqualTo("WebExceptionProtocolError");
        assertThat(error.retryable()).isTrue();
        assertThat(error.httpStatus()).isZero();
        assertThat(error.reason()).isEqualTo("GET /scim/v2/Users/u1: the connection to 127.0.0.1:" + port + " was refused");
        assertThat(error.unanswered()).as("a new connection may succeed, so a cycle tries once more at once").isTrue();
        TargetError tested = catchThrowableOfType(ConnectorException.class, connector::testConnection).error();
        assertThat(tested.connectionLevel()).isTrue();
    }

    @Test
    void a_failed_tls_handshake_fails_test_connection_saying_so() throws IOException {
        TargetError error;
        URI https;
        List<Socket> answered = new CopyOnWriteArrayList<>();
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Answers every TLS hello with plain HTTP, as a server without TLS does. Every connection, not just the
            // first: the HTTP client may open another one, and an unanswered one would end as a timeout.
            Thread answer = new Thread(() -> {
                while (!plain.isClosed()) {
                    try {
                        Socket socket = plain.accept(); // left open until the test ends, so no reset races the answer
                        answered.add(socket);
                        socket.getInputStream().read(new byte[512]); // the client's TLS hello
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    } catch (IOException closed) {
                        return; // the test is over
                    }
                }
            });
            answer.setDaemon(true);
            answer.start();
            https = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/scim/v2");
            URI target = https;
            // A generous timeout: the first TLS client of a JVM on a loaded machine can take seconds to set up, and
            // the failure this test expects comes at once when things work.
            error = catchThrowableOfType(ConnectorException.class, () -> connector(target, Duration.ofSeconds(60)).testConnection()).error();
        } finally {
            for (Socket socket : answered) {
                socket.close();
            }
        }
        assertThat(error.code()).isEqualTo("WebExceptionProtocolError");
        assertThat(error.connectionLevel()).isTrue();
        assertThat(error.retryable()).isFalse();
        assertThat(error.reason()).startsWith("GET /scim/v2/Users: the TLS handshake with 127.0.0.1:" + https.getPort() + " failed: ");
    }

    @Test
    void test_connection_fails_when_the_target_ignores_the_filter() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        TargetError error = failure(Answer.of(200, "{\"totalResults\":2,\"Resources\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), connector::testConnection);
        assertThat(error.connectionLevel()).isTrue();
        assertThat(error.reason()).contains("for a random userName returned 2 resources; the target ignores the filter");
    }

    @Test
    void test_connection_fails_when_the_answer_is_not_a_list() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        TargetError error = failure(Answer.of(200, "{\"hello\":\"world\"}"), connector::testConnection);
        assertThat(error.code()).isEqualTo("SystemForCrossDomainIdentityManagementServiceIncompatible");
        assertThat(error.reason()).endsWith("did not answer a SCIM ListResponse");
    }

    @Test
    void test_connection_sends_what_entra_sends() {
        server.answer(Answer.of(200, EMPTY_LIST));
        connector(server.baseUrl(), Duration.ofSeconds(5)).testConnection();
        CannedScimServer.Received request = server.received().get(0);
        assertThat(request.uri()).matches("/scim/v2/Users\\?filter=userName%20eq%20%22[0-9a-f-]{36}%22");
        assertThat(request.authorization()).isEqualTo("Bearer canned-token-abcdef");
    }

    @Test
    void a_group_read_that_returns_members_is_multiple_entries_in_response() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        TargetError error = failure(Answer.of(200, "{\"id\":\"g\",\"displayName\":\"G\",\"members\":[{\"value\":\"u\"}]}"),
                () -> connector.get(ObjectKind.GROUP, "g"));
        assertThat(error.code()).isEqualTo("SystemForCrossDomainIdentityManagementMultipleEntriesInResponse");
        assertThat(server.received().get(0).uri()).isEqualTo("/scim/v2/Groups/g?excludedAttributes=members");
    }

    @Test
    void a_404_page_that_is_not_json_is_a_wrong_base_url_not_a_missing_object() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        Answer page = new Answer(404, Map.of("Content-Type", "text/html"), "<h1>404 Not Found</h1>", Duration.ZERO);
        TargetError read = failure(page, () -> connector.get(ObjectKind.USER, "u1"));
        assertThat(read.connectionLevel()).isTrue();
        assertThat(read.reason()).contains("base URL is probably wrong");
        assertThat(failure(page, () -> connector.delete(ObjectKind.USER, "u1")).connectionLevel()).isTrue();
        server.answer(Answer.of(404, ""));
        assertThat(connector.get(ObjectKind.USER, "u1")).isEmpty();
        connector.delete(ObjectKind.USER, "u1");
    }

    @Test
    void a_404_on_update_is_an_invalid_anchor() {
        ScimConnector connector = connector(server.baseUrl(), Duration.ofSeconds(5));
        TargetError error = failure(Answer.of(404, scimError(404, null, "no such user")),
                () -> connector.update(ObjectKind.USER, "u1", List.of(new AttributeChange("title", "a", "b"))));
        assertThat(error.code()).isEqualTo("InvalidAnchor");
    }

    @Test
    void a_failed_member_batch_says_how_many_were_done_before() {
        ScimConnector connector = new ScimConnector(ScimSettings.bearer(server.baseUrl(), "T").withMemberBatchSize(2),
                name -> Optional.of("canned-token-abcdef"));
        server.answerInTurn(List.of(Answer.of(204, ""), Answer.of(500, "")));
        List<String> ids = List.of("a", "b", "c", "d", "e");
        TargetError error = catchThrowableOfType(ConnectorException.class, () -> connector.addMembers("g", ids)).error();
        assertThat(error.reason()).endsWith("(2 of 5 members were added before)").contains("answered 500");
    }
}
