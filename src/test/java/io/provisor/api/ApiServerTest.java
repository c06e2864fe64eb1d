package io.provisor.api;

import io.provisor.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The API on a real server on a random loopback port, spoken to over HTTP. */
class ApiServerTest {

    static final String TOKEN = TestServer.TOKEN;
    static final String ALICE = """
            {"user": {"id": "u1", "userPrincipalName": "alice@contoso.com", "department": "Sales", "country": "US"},
             "assignments": [{"principalId": "u1", "principalType": "User"}]}""";

    @TempDir
    Path dir;
    Path rules;
    TestServer server;
    ApiClient client;

    @BeforeEach
    void start() {
        rules = TestRules.copyShipped(dir);
        server = new TestServer(rules, dir.resolve("data"));
        client = server.client;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void health_needs_no_token() {
        assertThat(client.withToken(null).get("/health").status()).isEqualTo(200);
    }

    @Test
    void api_routes_refuse_requests_without_the_token() {
        ApiClient.Reply reply = client.withToken(null).get("/api/v1/apps");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void api_routes_refuse_a_wrong_token() {
        assertThat(client.withToken("not-the-token-at-all").postJson("/api/v1/apps/contoso-crm/evaluate", ALICE).status())
                .isEqualTo(401);
    }

    @Test
    void evaluate_returns_the_decision_for_a_posted_user() {
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", ALICE);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("action").asText()).isEqualTo("create");
        assertThat(reply.body().path("revision").asText()).hasSize(16);
        assertThat(reply.body().path("steps")).hasSize(4);
    }

    @Test
    void a_create_carries_the_mapped_attributes_and_how_each_was_computed() {
        String ada = ALICE.replace("\"country\": \"US\"", "\"country\": \"US\", \"givenName\": \"Alice\", \"surname\": \"Liddell\"");
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", ada);
        assertThat(reply.body().path("attributes").path("userName").asText()).isEqualTo("alice@contoso.com");
        assertThat(reply.body().path("attributes").path("displayName").asText()).isEqualTo("Alice Liddell");
        assertThat(reply.body().path("attributes").path("title").asText()).as("default if null").isEqualTo("Employee");
        assertThat(reply.body().path("modifiedProperties").findValuesAsText("name")).contains("userName", "displayName");
        var mappings = reply.body().path("steps").get(3).path("details").path("Mappings");
        assertThat(mappings.findValuesAsText("source")).contains("Join(\" \", [givenName], [surname])");
    }

    @Test
    void a_skip_is_a_result_not_an_error() {
        String contractor = ALICE.replace("\"country\": \"US\"", "\"country\": \"US\", \"employeeType\": \"Contractor\"");
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", contractor);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("action").asText()).isEqualTo("skip");
        assertThat(reply.body().path("code").asText()).isEqualTo("ContractorExcluded");
    }

    @Test
    void malformed_json_is_a_problem_with_its_position() {
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", "{\"user\": {\"id\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("json_malformed");
        assertThat(reply.body().path("detail").asText()).contains("line 1");
    }

    @Test
    void invalid_fields_are_reported_with_json_pointers() {
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate",
                "{\"user\": {\"userPrincipalName\": 5, \"accountEnabled\": \"yes\"}, \"assignments\": {}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo("invalid_request");
        assertThat(reply.body().path("errors").findValuesAsText("pointer"))
                .containsExactlyInAnyOrder("/user/id", "/user/accountEnabled", "/assignments");
    }

    @Test
    void an_unknown_app_is_not_found() {
        ApiClient.Reply reply = client.postJson("/api/v1/apps/nope/evaluate", ALICE);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("code").asText()).isEqualTo("app_not_found");
    }

    @Test
    void apps_are_listed_with_their_revision() {
        ApiClient.Reply reply = client.get("/api/v1/apps");
        assertThat(reply.body().path("apps").get(0).path("name").asText()).isEqualTo("contoso-crm");
        assertThat(reply.body().path("apps").get(0).path("status").asText()).isEqualTo("active");
    }

    @Test
    void the_rules_of_an_app_include_the_generated_filter_rules() {
        ApiClient.Reply reply = client.get("/api/v1/apps/contoso-crm/rules");
        assertThat(reply.body().path("rules").findValuesAsText("id")).contains("scoping.sales-in-the-us", "processing.create");
        assertThat(reply.body().path("files").findValuesAsText("path")).contains("contoso-crm/generated/scoping-filters.drl");
    }

    @Test
    void validating_bad_drl_is_a_problem_with_file_and_line() {
        ApiClient.Reply reply = client.post("/api/v1/apps/contoso-crm/rules/validate", "text/plain",
                TestRules.HEADER + "rule \"entitlement.no-metadata\"\nwhen\n    User()\nthen\nend\n");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("rules_invalid");
        assertThat(reply.body().path("errors").get(0).path("file").asText()).isEqualTo("contoso-crm/proposed.drl");
        assertThat(reply.body().path("errors").get(0).path("line").asInt()).isEqualTo(5);
    }

    @Test
    void validating_drl_that_leaves_the_sandbox_is_a_problem_with_file_and_line() {
        ApiClient.Reply reply = client.post("/api/v1/apps/contoso-crm/rules/validate", "text/plain", TestRules.HEADER
                + TestRules.rule("entitlement.exit", "User()", "Runtime.getRuntime().halt(0);"));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("code").asText()).isEqualTo("rules_invalid");
        assertThat(reply.body().path("errors").get(0).path("code").asText()).isEqualTo("drl_forbidden_reference");
        assertThat(reply.body().path("errors").get(0).path("line").asInt()).isEqualTo(11);
    }

    @Test
    void validating_drl_reports_lint_warnings_without_rejecting_it() {
        ApiClient.Reply reply = client.post("/api/v1/apps/contoso-crm/rules/validate", "text/plain", TestRules.HEADER
                + TestRules.rule("entitlement.no-sales", "User(department == \"Sales\")", "insertLogical(new NotEntitled());"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("warnings").findValuesAsText("code")).contains("exclusion_overrides_inclusion");
        assertThat(reply.body().path("warnings").findValuesAsText("file")).contains("contoso-crm/proposed.drl");
    }

    @Test
    void validating_good_drl_reports_the_revision_it_would_have() {
        ApiClient.Reply reply = client.post("/api/v1/apps/contoso-crm/rules/validate", "text/plain", TestRules.HEADER
                + TestRules.rule("entitlement.interns-excluded", "User(employeeType == \"Intern\")", "insertLogical(new NotEntitled());"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("valid").asBoolean()).isTrue();
        assertThat(reply.body().path("rules").toString()).contains("entitlement.interns-excluded");
    }

    @Test
    void reloading_broken_files_keeps_the_active_rules_and_says_why() throws Exception {
        String before = client.get("/api/v1/apps/contoso-crm/rules").body().path("revision").asText();
        Files.writeString(rules.resolve("contoso-crm/broken.drl"), "rule oops");

        ApiClient.Reply reply = client.post("/api/v1/apps/contoso-crm/rules/reload", "application/json", "");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("detail").asText()).contains(before);
        assertThat(client.get("/api/v1/apps/contoso-crm/rules").body().path("revision").asText()).isEqualTo(before);
        assertThat(client.postJson("/api/v1/apps/contoso-crm/evaluate", ALICE).status()).isEqualTo(200);
    }

    @Test
    void a_body_over_the_limit_is_refused() {
        String huge = "{\"user\": {\"id\": \"" + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\"}}";
        ApiClient.Reply reply = client.postJson("/api/v1/apps/contoso-crm/evaluate", huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void an_unknown_route_is_a_problem() {
        ApiClient.Reply reply = client.get("/api/v1/nothing-here");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("code").asText()).isEqualTo("route_not_found");
    }
}
