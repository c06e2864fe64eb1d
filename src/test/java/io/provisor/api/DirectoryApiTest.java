package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.TestRules;
import io.provisor.store.DirectoryStore;
import io.provisor.logs.LogEntries;
import io.provisor.model.Decision;
import io.provisor.rules.facts.TargetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory, evaluate-by-id, provisioning logs and the audit trail over real HTTP. */
class DirectoryApiTest {

    static final String NOAH = "f5aa0767-bf5d-4860-8ecb-2ab08f021fa0";

    @TempDir
    Path dir;
    TestServer server;
    ApiClient client;

    @BeforeEach
    void start() {
        server = new TestServer(TestRules.copyShipped(dir), dir.resolve("data"));
        client = server.client;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ApiClient.Reply put(String path, String body) {
        return client.send("PUT", path, "application/json", body);
    }

    ApiClient.Reply importTenant() throws Exception {
        return client.post("/api/v1/directory/import", "application/json", Files.readString(Path.of("samples/tenant.json")));
    }

    @Test
    void a_user_is_created_read_soft_deleted_restored_and_hard_deleted() {
        assertThat(put("/api/v1/directory/users/u1", "{\"userPrincipalName\": \"ada@contoso.com\"}").status()).isEqualTo(201);
        assertThat(put("/api/v1/directory/users/u1", "{\"userPrincipalName\": \"ada@contoso.com\"}").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/directory/users/u1").body().path("userPrincipalName").asText()).isEqualTo("ada@contoso.com");

        assertThat(client.send("DELETE", "/api/v1/directory/users/u1", null, null).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/directory/users/u1").body().has("deletedDateTime")).isTrue();
        assertThat(client.post("/api/v1/directory/users/u1/restore", "application/json", "").body().has("deletedDateTime")).isFalse();
        assertThat(client.send("DELETE", "/api/v1/directory/users/u1?hard=true", null, null).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/directory/users/u1").body().path("code").asText()).isEqualTo("user_not_found");

        JsonNode changes = client.get("/api/v1/directory/changes?after=0&limit=10").body();
        assertThat(changes.path("value").findValuesAsText("type")).containsExactly("create", "softDelete", "restore", "hardDelete");
        assertThat(changes.path("watermark").asLong()).isEqualTo(4);
    }

    @Test
    void reading_changes_the_retention_purged_is_410_with_the_oldest_change_kept() {
        for (int i = 1; i <= 3; i++) {
            put("/api/v1/directory/users/u" + i, "{}");
        }
        // the hourly retention's step, as if these changes were older than the log retention and no app still read them
        assertThat(new DirectoryStore(server.database).purgeChangesOlderThan(java.time.Instant.now().plusSeconds(60), 2, List.of())).isEqualTo(2);

        ApiClient.Reply gone = client.get("/api/v1/directory/changes?after=0&limit=10");

        assertThat(gone.status()).as(gone.text()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.body().path("code").asText()).isEqualTo("changes_purged");
        assertThat(gone.body().at("/errors/0/oldestKept").asLong()).isEqualTo(3);
        assertThat(client.get("/api/v1/directory/changes?after=2&limit=10").body().path("value").findValuesAsText("objectId"))
                .as("from the oldest change kept on, nothing is missed").containsExactly("u3");
    }

    @Test
    void a_group_keeps_its_direct_members_and_refuses_unknown_ones() {
        put("/api/v1/directory/users/u1", "{}");
        assertThat(put("/api/v1/directory/groups/g1", "{\"displayName\": \"Sales\", \"securityEnabled\": true, \"members\": [\"u1\"]}")
                .body().path("members").findValuesAsText("id")).containsExactly("u1");
        ApiClient.Reply unknown = put("/api/v1/directory/groups/g2", "{\"members\": [\"ghost\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("errors").get(0).path("pointer").asText()).isEqualTo("/members/0");
        assertThat(client.get("/api/v1/directory/groups/g2").status()).as("nothing half-written").isEqualTo(404);
    }

    @Test
    void bad_ids_and_mismatched_bodies_are_refused() {
        assertThat(put("/api/v1/directory/users/u1", "{\"id\": \"u2\"}").body().path("errors").get(0).path("pointer").asText())
                .isEqualTo("/id");
        assertThat(put("/api/v1/directory/users/" + "x".repeat(65), "{}").status()).isEqualTo(400);
        assertThat(put("/api/v1/directory/users/u1", "{\"accountEnabled\": \"yes\"}").status()).isEqualTo(400);
    }

    @Test
    void assignments_need_an_existing_principal_and_a_known_app() {
        put("/api/v1/directory/users/u1", "{}");
        String body = "{\"principalId\": \"u1\", \"principalType\": \"User\"}";
        assertThat(client.postJson("/api/v1/apps/contoso-crm/assignments", body).status()).isEqualTo(201);
        assertThat(client.postJson("/api/v1/apps/contoso-crm/assignments", body).status()).isEqualTo(200);
        assertThat(client.postJson("/api/v1/apps/nope/assignments", body).status()).isEqualTo(404);
        assertThat(client.postJson("/api/v1/apps/contoso-crm/assignments", "{\"principalId\": \"ghost\"}").status()).isEqualTo(400);
        assertThat(client.send("DELETE", "/api/v1/apps/contoso-crm/assignments", "application/json", body).status()).isEqualTo(204);
        assertThat(client.send("DELETE", "/api/v1/apps/contoso-crm/assignments", "application/json", body).status()).isEqualTo(404);
    }

    @Test
    void importing_the_tenant_twice_adds_no_change_the_second_time() throws Exception {
        ApiClient.Reply first = importTenant();
        ApiClient.Reply second = importTenant();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("users").asLong()).isEqualTo(53);
        assertThat(second.body().path("changes").asLong()).isZero();
    }

    @Test
    void an_import_streams_past_the_body_limit_of_other_requests() {
        StringBuilder ndjson = new StringBuilder();
        int users = 0;
        for (int i = 0; ndjson.length() <= 2 * ApiServer.MAX_BODY_BYTES; i++, users++) {
            ndjson.append("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u").append(i)
                    .append("\", \"displayName\": \"").append("x".repeat(200)).append("\"}\n");
        }
        ApiClient.Reply reply = client.post("/api/v1/directory/import", "application/x-ndjson", ndjson.toString());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("users").asLong()).isEqualTo(users);
    }

    @Test
    void a_bad_import_record_is_a_problem_with_its_position() {
        ApiClient.Reply reply = client.post("/api/v1/directory/import", "application/x-ndjson",
                "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u1\"}\n{\"@odata.type\": \"#microsoft.graph.user\"}\n");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("code").asText()).isEqualTo("import_record_invalid");
        assertThat(reply.body().path("errors").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(reply.body().path("errors").get(0).path("pointer").asText()).isEqualTo("/id");
    }

    @Test
    void evaluate_by_user_id_explains_a_directory_user() throws Exception {
        importTenant();
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", "{\"userId\": \"" + NOAH + "\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("code").asText()).isEqualTo("NestedGroupNotSupported");
        assertThat(client.postJson("/api/v1/apps/contoso-crm/evaluate", "{\"userId\": \"ghost\"}").body().path("code").asText())
                .isEqualTo("user_not_found");
    }

    @Test
    void logs_are_searchable_by_user_name_and_by_source_or_target_id_and_export_as_csv() throws Exception {
        importTenant();
        var rules = server.services.rules().active("contoso-crm").orElseThrow();
        var facts = server.services.directory().facts("contoso-crm", NOAH, TargetState.unknown());
        Decision decision = server.services.engine().evaluate(rules, facts);
        var entry = LogEntries.of(decision, facts.user(), "cycle-1", "1", null, 3, java.time.Instant.now());
        server.services.logs().append(List.of(entry));

        for (String q : List.of("noah.williams@contoso.com", "Noah%20Williams", NOAH)) {
            JsonNode page = client.get("/api/v1/apps/contoso-crm/logs?q=" + q).body();
            assertThat(page.path("value")).as(q).hasSize(1);
            assertThat(page.path("value").get(0).path("code").asText()).isEqualTo("NestedGroupNotSupported");
        }
        JsonNode one = client.get("/api/v1/apps/contoso-crm/logs/" + entry.id()).body();
        assertThat(one.path("sourceIdentity").path("id").asText()).isEqualTo(NOAH);
        ApiClient.Reply csv = client.getWith("/api/v1/apps/contoso-crm/logs?status=skipped", "text/csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text().split("\r\n")).hasSize(2);
        assertThat(client.get("/api/v1/apps/contoso-crm/logs?from=yesterday").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/apps/contoso-crm/logs?cursor=bogus").status()).isEqualTo(400);
    }

    @Test
    void a_rules_reload_through_the_api_is_in_the_audit_trail_with_the_token_name() throws Exception {
        Path extra = dir.resolve("rules/contoso-crm/interns.drl");
        Files.writeString(extra, TestRules.HEADER + TestRules.rule("entitlement.interns-excluded",
                "User(employeeType == \"Intern\")", "insertLogical(new NotEntitled());"));
        String revision = client.post("/api/v1/apps/contoso-crm/rules/reload", "application/json", "").body().path("revision").asText();

        JsonNode audit = client.get("/api/v1/audit?app=contoso-crm").body().path("value");
        assertThat(audit.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(audit.get(0).path("revision").asText()).isEqualTo(revision);
        assertThat(audit.get(0).path("activity").asText()).isEqualTo("Update rules");
        assertThat(audit.toString()).doesNotContain(TestServer.TOKEN);
    }
}
