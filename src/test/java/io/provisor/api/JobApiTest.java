package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.TestRules;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Provisioning jobs over real HTTP, into the SCIM-SDK sandbox: connector settings, job control, cycles, on demand. */
class JobApiTest {

    static final String OLIVIA = "d131bb07-691d-4307-8699-afc917c8b9df";
    static final String APP = "/api/v1/apps/contoso-crm";

    @TempDir
    Path dir;
    TestServer server;
    ApiClient client;
    ScimTarget target = SandboxTarget.get();

    Path rules;

    @BeforeEach
    void start() throws Exception {
        target.reset();
        rules = TestRules.copyShipped(dir);
        Path appJson = rules.resolve("contoso-crm/app.json");
        // No connector in app.json: it is saved through the API.
        Files.writeString(appJson, Files.readString(appJson).replaceFirst("\"connector\"\\s*:\\s*\\{[^}]*\\},", ""));
        server = new TestServer(rules, dir.resolve("data"));
        client = server.client;
        assertThat(client.post("/api/v1/directory/import", "application/json", Files.readString(Path.of("samples/tenant.json"))).status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String connector(String tokenName) {
        return "{\"type\": \"scim\", \"baseUrl\": \"" + target.baseUrl() + "\", \"auth\": {\"type\": \"bearer\", \"tokenEnv\": \""
                + tokenName + "\"}, \"secrets\": {\"" + tokenName + "\": \"%s\"}}";
    }

    @Test
    void a_connector_whose_test_fails_is_not_saved_and_a_good_one_is_saved_without_its_secret() {
        ApiClient.Reply refused = client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted("wrong-token"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("code").asText()).isEqualTo("connection_test_failed");
        assertThat(refused.body().path("detail").asText()).contains("Unauthorized");
        assertThat(refused.text()).doesNotContain("wrong-token");
        assertThat(client.get(APP + "/connector").status()).isEqualTo(404);

        ApiClient.Reply saved = client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted(target.token()));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text()).doesNotContain(target.token()).contains("CRM_TOKEN");
        assertThat(client.post(APP + "/test-connection", "application/json", "").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/audit?app=contoso-crm").text()).contains("Update provisioning setting or credentials")
                .doesNotContain(target.token());
    }

    @Test
    void provision_on_demand_creates_one_user_now_and_returns_its_log_record() {
        client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted(target.token()));

        ApiClient.Reply reply = client.postJson(APP + "/provision-on-demand", "{\"userId\": \"" + OLIVIA + "\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("action").asText()).isEqualTo("create");
        assertThat(reply.body().path("status").asText()).isEqualTo("success");
        assertThat(reply.body().path("steps").toString()).contains("import", "scoping", "matching", "processing");
        assertThat(target.users()).singleElement().satisfies(user -> assertThat(user.get("userName")).isEqualTo("olivia.hart@contoso.com"));
        assertThat(client.get(APP + "/logs?q=olivia.hart@contoso.com").body().path("value")).hasSize(1);
        assertThat(client.postJson(APP + "/provision-on-demand", "{\"userId\": \"nobody\"}").status()).isEqualTo(404);
    }

    @Test
    void provision_on_demand_of_a_group_sends_it_with_up_to_five_direct_members() {
        client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted(target.token()));
        String group = "63dd3b11-2b46-4124-8ef0-7024cc057f79"; // "CRM Users - Sales US": six direct user members

        ApiClient.Reply reply = client.postJson(APP + "/provision-on-demand", "{\"groupId\": \"" + group + "\"}");

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode entries = reply.body().path("value");
        assertThat(entries.size()).as("the first five members, then the group").isEqualTo(6);
        assertThat(entries.get(5).at("/sourceIdentity/id").asText()).isEqualTo(group);
        assertThat(target.groups()).singleElement().satisfies(g -> assertThat(g.get("displayName")).isEqualTo("CRM Users - Sales US"));
        assertThat(target.users().size()).as("only the five members were sent").isBetween(1, 5);
        assertThat(client.postJson(APP + "/provision-on-demand", "{\"groupId\": \"" + group + "\", \"members\": [\"" + OLIVIA
                + "\", \"a\", \"b\", \"c\", \"d\", \"e\"]}").status()).as("more than five").isEqualTo(400);
        assertThat(client.postJson(APP + "/provision-on-demand", "{\"groupId\": \"nope\"}").status()).isEqualTo(404);
    }

    @Test
    void provision_on_demand_of_a_user_a_rule_fails_on_returns_the_failed_record_and_sends_nothing() throws Exception {
        Files.writeString(rules.resolve("contoso-crm/olivia.drl"), TestRules.failingOn("entitlement.olivia-fails",
                "userPrincipalName == \"olivia.hart@contoso.com\""));
        assertThat(client.post(APP + "/rules/reload", "application/json", "").status()).isEqualTo(200);
        client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted(target.token()));

        ApiClient.Reply reply = client.postJson(APP + "/provision-on-demand", "{\"userId\": \"" + OLIVIA + "\"}");

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.body().path("status").asText()).isEqualTo("failure");
        assertThat(reply.body().path("code").asText()).isEqualTo("RuleFailed");
        assertThat(reply.body().at("/errorInformation/reason").asText()).startsWith("rule `entitlement.olivia-fails` failed: ");
        assertThat(target.users()).isEmpty();
        assertThat(client.get(APP + "/logs?q=olivia.hart@contoso.com&status=failure").body().path("value")).hasSize(1);
    }

    @Test
    void jobs_start_pause_restart_and_run_a_cycle_with_status_counts() {
        client.send("PUT", APP + "/connector", "application/json", connector("CRM_TOKEN").formatted(target.token()));
        assertThat(client.get(APP + "/status").body().path("state").asText()).isEqualTo("NotRun");
        assertThat(client.post(APP + "/start", "application/json", "").body().path("state").asText()).isEqualTo("Active");
        assertThat(client.post(APP + "/pause", "application/json", "").body().path("state").asText()).isEqualTo("Paused");

        ApiClient.Reply cycle = client.post(APP + "/cycles", "application/json", "");
        assertThat(cycle.status()).isEqualTo(200);
        assertThat(cycle.body().path("outcome").asText()).isEqualTo("completed");
        long created = cycle.body().path("counts").path("actions").path("create").asLong();
        long accounts = target.users().size();
        assertThat(accounts).isGreaterThan(5);
        assertThat(created).as("users and groups created").isEqualTo(accounts + target.groups().size());

        ApiClient.Reply status = client.get(APP + "/status");
        assertThat(status.body().path("lastCycle").path("actions").path("create").asLong()).isEqualTo(created);
        assertThat(status.body().path("links").path("users").asLong()).isEqualTo(accounts);
        assertThat(status.body().path("watermark").asLong()).isPositive();

        ApiClient.Reply restarted = client.postJson(APP + "/restart", "{\"criteria\": {\"resetScope\": \"Watermark\"}}");
        assertThat(restarted.body().path("state").asText()).isEqualTo("Active");
        assertThat(restarted.body().path("watermark").asText(null)).as("watermark cleared").isNull();
        assertThat(client.postJson(APP + "/restart", "{\"criteria\": {\"resetScope\": \"Everything\"}}").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/apps/no-such-app/status").status()).isEqualTo(404);
    }
}
