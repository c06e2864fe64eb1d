package io.provisor.connector.scim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.scim.CannedScimServer.Answer;
import io.provisor.scimtarget.SandboxTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tokens and client secrets never appear in what the connector says: exception messages, reasons, recommended
 * actions, causes, toString, or its log lines at DEBUG, even when the target echoes them back.
 */
class SecretsNeverLeakTest {

    static final String TOKEN = "bearer-secret-7Hq2xZ";
    static final String CLIENT_SECRET = "client-secret-Kp93vW";
    static final String ACCESS_TOKEN = "access-token-Rt55mN";
    static final Function<String, Optional<String>> SECRETS = name -> Optional.ofNullable(
            Map.of("TOKEN", TOKEN, "CLIENT_SECRET", CLIENT_SECRET).get(name));

    final CannedScimServer scim = new CannedScimServer();
    final CannedScimServer tokens = new CannedScimServer();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger provisor = (Logger) LoggerFactory.getLogger("io.provisor");
    Level level;

    @BeforeEach
    void captureLogs() {
        level = provisor.getLevel();
        provisor.setLevel(Level.DEBUG);
        provisor.setAdditive(false); // captured here, not printed
        logs.start();
        provisor.addAppender(logs);
    }

    @AfterEach
    void restore() {
        provisor.detachAppender(logs);
        provisor.setAdditive(true);
        provisor.setLevel(level);
        scim.close();
        tokens.close();
    }

    ScimConnector oauth(URI baseUrl, URI tokenUrl) {
        ScimAuth auth = new ScimAuth.OAuth2(tokenUrl, "provisor-tests", "CLIENT_SECRET", null);
        return new ScimConnector(new ScimSettings(baseUrl, auth, Compatibility.RFC7644, Duration.ofSeconds(30), 50), SECRETS);
    }

    List<String> said(Executable call) {
        ConnectorException failure = catchThrowableOfType(ConnectorException.class, call::execute);
        List<String> texts = new ArrayList<>(List.of(failure.getMessage(), failure.toString(), failure.error().toString()));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            texts.add(String.valueOf(cause.getMessage()));
        }
        return texts;
    }

    void assertNoSecretIn(List<String> texts) {
        List<String> all = new ArrayList<>(texts);
        logs.list.forEach(event -> all.add(event.getFormattedMessage()));
        assertThat(all).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(TOKEN, CLIENT_SECRET, ACCESS_TOKEN));
    }

    @Test
    void a_401_whose_detail_echoes_the_bearer_token_shows_it_masked() {
        scim.answer(Answer.of(401, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\","
                + "\"detail\":\"token 'Bearer " + TOKEN + "' is not valid\"}").withHeader("WWW-Authenticate", "Bearer " + TOKEN));
        ScimConnector connector = new ScimConnector(ScimSettings.bearer(scim.baseUrl(), "TOKEN"), SECRETS);
        List<String> texts = said(connector::testConnection);
        texts.addAll(said(() -> connector.get(ObjectKind.USER, "u1")));
        texts.add(connector.toString());
        texts.add(connector.settings().toString());
        assertThat(texts.get(0)).contains("token 'Bearer ***' is not valid");
        assertThat(scim.received()).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        assertNoSecretIn(texts);
    }

    @Test
    void a_token_endpoint_that_echoes_the_client_secret_shows_it_masked() {
        tokens.answer(new Answer(401, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_client\",\"error_description\":\"secret " + CLIENT_SECRET + " is wrong\"}", Duration.ZERO));
        List<String> texts = said(oauth(scim.baseUrl(), tokens.baseUrl())::testConnection);
        assertThat(texts.get(0)).contains("secret *** is wrong");
        assertThat(tokens.received().get(0).body()).contains("client_secret=" + CLIENT_SECRET);
        assertNoSecretIn(texts);
    }

    @Test
    void a_refused_access_token_echoed_by_the_target_shows_it_masked() {
        tokens.answer(new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}", Duration.ZERO));
        scim.answer(Answer.of(401, "{\"detail\":\"Bearer " + ACCESS_TOKEN + " expired\"}"));
        List<String> texts = said(oauth(scim.baseUrl(), tokens.baseUrl())::testConnection);
        assertThat(tokens.received()).hasSize(2);
        assertThat(scim.received()).hasSize(2);
        assertNoSecretIn(texts);
    }

    @Test
    void the_debug_log_of_an_oauth2_session_with_the_sandbox_shows_no_secret() {
        SandboxTarget target = SandboxTarget.get();
        target.reset();
        ScimAuth auth = new ScimAuth.OAuth2(target.server().tokenUrl(), SandboxTarget.OAUTH_CLIENT.clientId(), "SANDBOX_SECRET", null);
        ScimConnector connector = new ScimConnector(new ScimSettings(target.baseUrl(), auth, Compatibility.RFC7644,
                Duration.ofSeconds(30), 50), name -> Optional.of(SandboxTarget.OAUTH_CLIENT.clientSecret()));
        connector.testConnection();
        connector.create(ObjectKind.USER, Map.of("userName", "logged@contoso.com"));
        List<String> all = new ArrayList<>();
        logs.list.forEach(event -> all.add(event.getFormattedMessage()));
        assertThat(all).anySatisfy(line -> assertThat(line).contains("POST /scim/v2/Users -> 201"));
        assertThat(all).allSatisfy(line -> assertThat(line).doesNotContain(SandboxTarget.OAUTH_CLIENT.clientSecret(), "Bearer "));
        assertThat(SandboxTarget.OAUTH_CLIENT.toString()).doesNotContain(SandboxTarget.OAUTH_CLIENT.clientSecret());
    }
}
