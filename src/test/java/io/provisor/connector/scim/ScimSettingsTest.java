package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading an app.json {@code connector} node, and the one-line problems with their JSON pointers. */
class ScimSettingsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void a_bearer_connector_with_defaults() {
        ScimSettings settings = ScimSettings.parse(json("{'type':'scim','baseUrl':'https://crm.example.com/scim/v2/',"
                + "'auth':{'type':'bearer','tokenEnv':'CRM_SCIM_TOKEN'}}"), "/connector");
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://crm.example.com/scim/v2"));
        assertThat(settings.auth()).isEqualTo(new ScimAuth.Bearer("CRM_SCIM_TOKEN"));
        assertThat(settings.compatibility()).isEqualTo(Compatibility.RFC7644);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.memberBatchSize()).isEqualTo(50);
    }

    @Test
    void an_oauth2_connector_with_every_option() {
        ScimSettings settings = ScimSettings.parse(json("{'type':'scim','baseUrl':'http://127.0.0.1:8081/scim/v2',"
                + "'auth':{'type':'oauth2','tokenUrl':'https://login.example.com/token','clientId':'provisor',"
                + "'clientSecretEnv':'CRM_CLIENT_SECRET','scope':'scim.write'},"
                + "'compatibility':'entra-legacy','timeoutSeconds':10,'memberBatchSize':2}"), "/connector");
        assertThat(settings.auth()).isEqualTo(new ScimAuth.OAuth2(URI.create("https://login.example.com/token"), "provisor",
                "CRM_CLIENT_SECRET", "scim.write"));
        assertThat(settings.compatibility()).isEqualTo(Compatibility.ENTRA_LEGACY);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.memberBatchSize()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'ldap'} | /connector/type: `ldap` is not a connector type this reader knows; use `scim`",
            "{'type':'scim','auth':{'type':'bearer','tokenEnv':'T'}} | /connector/baseUrl: a value is required",
            "{'type':'scim','baseUrl':'ftp://x/scim','auth':{'type':'bearer','tokenEnv':'T'}} | /connector/baseUrl: `ftp://x/scim` is not an http or https URL with a host",
            "{'type':'scim','baseUrl':'https://x/scim?a=1','auth':{'type':'bearer','tokenEnv':'T'}} | /connector/baseUrl: `https://x/scim?a=1` must not have a query or fragment",
            "{'type':'scim','baseUrl':'https://x/scim'} | /connector/auth: an `auth` object is required",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'basic'}} | /connector/auth/type: `basic` is not one of `bearer`, `oauth2`",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer'}} | /connector/auth/tokenEnv: a value is required",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer','token':'abc'}} | /connector/auth/token: unknown field; expected one of tokenEnv, type",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'oauth2','tokenUrl':'https://t','clientId':'c'}} | /connector/auth/clientSecretEnv: a value is required",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer','tokenEnv':'T'},'compatibility':'aad'} | /connector/compatibility: `aad` is not one of `rfc7644`, `entra-legacy`",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer','tokenEnv':'T'},'timeoutSeconds':0} | /connector/timeoutSeconds: an integer from 1 to 600 is required",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer','tokenEnv':'T'},'memberBatchSize':'5'} | /connector/memberBatchSize: an integer from 1 to 1000 is required",
            "{'type':'scim','baseUrl':'https://x/scim','auth':{'type':'bearer','tokenEnv':'T'},'retries':3} | /connector/retries: unknown field; expected one of auth, baseUrl, compatibility, memberBatchSize, timeoutSeconds, type",
    })
    void a_bad_connector_node_is_one_line_with_its_pointer(String node, String message) {
        InvalidSettings problem = catchThrowableOfType(InvalidSettings.class, () -> ScimSettings.parse(json(node), "/connector"));
        assertThat(problem.getMessage()).isEqualTo(message);
        assertThat(message).startsWith(problem.pointer() + ": ");
    }
}
