package io.provisor.connector.scim;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.sandbox.SandboxScimServer;
import io.provisor.scimtarget.SandboxTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The OAuth2 client-credentials connector against the sandbox's token endpoint. */
class OAuth2ConnectorTest {

    static final SandboxTarget TARGET = SandboxTarget.get();
    static final SandboxScimServer SANDBOX = TARGET.server();

    @BeforeEach
    void reset() {
        TARGET.reset();
    }

    static ScimConnector connector(String clientSecret) {
        ScimAuth auth = new ScimAuth.OAuth2(SANDBOX.tokenUrl(), SandboxTarget.OAUTH_CLIENT.clientId(), "CRM_CLIENT_SECRET", "scim");
        ScimSettings settings = new ScimSettings(SANDBOX.baseUrl(), auth, Compatibility.RFC7644, Duration.ofSeconds(10), 50);
        return new ScimConnector(settings, name -> name.equals("CRM_CLIENT_SECRET") ? Optional.of(clientSecret) : Optional.empty());
    }

    @Test
    void a_token_is_fetched_once_and_reused() {
        ScimConnector connector = connector(SandboxTarget.OAUTH_CLIENT.clientSecret());
        int before = SANDBOX.tokensIssued();
        connector.testConnection();
        connector.create(ObjectKind.USER, Map.of("userName", "oauth@contoso.com"));
        assertThat(connector.find(ObjectKind.USER, "userName", "oauth@contoso.com")).hasSize(1);
        assertThat(SANDBOX.tokensIssued() - before).isEqualTo(1);
    }

    @Test
    void a_revoked_token_is_renewed_once_on_401() {
        ScimConnector connector = connector(SandboxTarget.OAUTH_CLIENT.clientSecret());
        connector.testConnection();
        int before = SANDBOX.tokensIssued();
        SANDBOX.revokeIssuedTokens();
        connector.testConnection();
        assertThat(SANDBOX.tokensIssued() - before).isEqualTo(1);
    }

    @Test
    void a_wrong_client_secret_is_unauthorized_for_the_whole_app() {
        TargetError error = catchThrowableOfType(ConnectorException.class, () -> connector("wrong-secret-123").testConnection()).error();
        assertThat(error.code()).isEqualTo("Unauthorized");
        assertThat(error.connectionLevel()).isTrue();
        assertThat(error.reason()).contains("invalid_client", "`provisor-tests`").doesNotContain("wrong-secret-123");
    }

    @Test
    void a_missing_client_secret_sends_nothing_and_says_which() {
        ScimAuth auth = new ScimAuth.OAuth2(SANDBOX.tokenUrl(), "provisor-tests", "UNSET_SECRET", null);
        ScimConnector connector = new ScimConnector(new ScimSettings(SANDBOX.baseUrl(), auth, Compatibility.RFC7644,
                Duration.ofSeconds(30), 50), name -> Optional.empty());
        TargetError error = catchThrowableOfType(ConnectorException.class, connector::testConnection).error();
        assertThat(error.code()).isEqualTo("Unauthorized");
        assertThat(error.reason()).isEqualTo("the secret `UNSET_SECRET` is not set, so no request was sent");
        assertThat(error.connectionLevel()).isTrue();
    }
}
