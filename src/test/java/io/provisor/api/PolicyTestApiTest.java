package io.provisor.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/apps/{app}/rules/test} over real HTTP. */
class PolicyTestApiTest {

    static final String ROUTE = "/api/v1/apps/contoso-crm/rules/test";
    static final String SOPHIE = """
            {"name": "a customer success manager gets an account",
             "user": {"id": "a0debf2e-eb04-41f5-acc2-8f0326ff9b5c", "userPrincipalName": "sophie.laurent@contoso.com",
                      "department": "Support", "jobTitle": "Customer Success Manager", "country": "FR", "accountEnabled": true},
             "assignments": [{"principalId": "a0debf2e-eb04-41f5-acc2-8f0326ff9b5c", "principalType": "User",
                              "appRoleId": "00000000-0000-0000-0000-000000000000"}],
             "expect": {"action": "create", "code": "NoMatchFound", "rule": "processing.create"}}""";

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

    static String customerSuccess(String jobTitle) {
        return TestRules.HEADER + "rule \"scoping.customer-success\"\n    @code(\"ScopingFilterNotMatched\")\n"
                + "    @filter(\"Customer success\")\n    @reason(\"scoping filter `Customer success`\")\nwhen\n"
                + "    User(jobTitle == \"" + jobTitle + "\")\nthen\n    insertLogical(new InScope(\"filter\", \"Customer success\"));\nend\n";
    }

    static String body(String drl, String tests) {
        ObjectNode body = Json.mapper().createObjectNode();
        if (drl != null) {
            body.set("files", Json.mapper().valueToTree(Map.of("contoso-crm/customer-success.drl", drl)));
        }
        if (tests != null) {
            try {
                body.set("tests", Json.mapper().readTree(tests));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        return body.toString();
    }

    @Test
    void without_a_body_the_apps_tests_run_against_the_active_rules() {
        ApiClient.Reply reply = client.post(ROUTE, "application/json", "");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("proposed").asBoolean()).isFalse();
        assertThat(reply.body().path("revision").asText()).isEqualTo(client.get("/api/v1/apps/contoso-crm/rules").body().path("revision").asText());
        assertThat(reply.body().path("passed").asInt()).isEqualTo(24);
        assertThat(reply.body().path("failed").asInt()).isZero();
        var first = reply.body().path("cases").get(0);
        assertThat(first.path("name").asText()).isEqualTo("a user assigned directly as Sales Rep gets an account");
        assertThat(first.path("source").asText()).isEqualTo("contoso-crm/tests/entitlement.json#/0");
        assertThat(first.path("passed").asBoolean()).isTrue();
        assertThat(first.path("expected")).isEqualTo(first.path("actual"));
        assertThat(first.path("actual").path("action").asText()).isEqualTo("create");
        assertThat(reply.body().path("uncovered").findValuesAsText("id")).contains("entitlement.sync-all");
        assertThat(reply.body().path("uncovered").get(0).path("file").asText()).isEqualTo("common/entitlement.drl");
        assertThat(reply.body().path("uncovered").get(0).path("line").asInt()).isPositive();
    }

    @Test
    void proposed_files_are_tested_and_a_failure_is_a_result_with_expected_and_actual() {
        ApiClient.Reply reply = client.postJson(ROUTE, body(customerSuccess("Customer success manager"), SOPHIE));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("proposed").asBoolean()).isTrue();
        assertThat(reply.body().path("failed").asInt()).isEqualTo(1);
        var result = reply.body().path("cases").get(0);
        assertThat(result.path("source").asText()).isEqualTo("/tests");
        assertThat(result.path("passed").asBoolean()).isFalse();
        assertThat(result.path("expected").path("action").asText()).isEqualTo("create");
        assertThat(result.path("actual").path("action").asText()).isEqualTo("skip");
        assertThat(result.path("actual").path("rule").asText()).isEqualTo("scoping.no-filter-matched");
        assertThat(result.path("reasons").toString()).contains("scoping.customer-success");
        assertThat(reply.body().path("uncovered").findValuesAsText("id")).contains("scoping.customer-success");

        ApiClient.Reply fixed = client.postJson(ROUTE, body(customerSuccess("Customer Success Manager"), SOPHIE));
        assertThat(fixed.body().path("passed").asInt()).isEqualTo(1);
        assertThat(fixed.body().path("uncovered").findValuesAsText("id")).doesNotContain("scoping.customer-success");
    }

    @Test
    void proposed_files_are_never_activated() throws Exception {
        String active = client.get("/api/v1/apps/contoso-crm/rules").body().path("revision").asText();
        ApiClient.Reply reply = client.postJson(ROUTE, body(customerSuccess("Customer Success Manager"), null));
        assertThat(reply.body().path("revision").asText()).isNotEqualTo(active);
        assertThat(reply.body().path("passed").asInt()).as("the app's own tests ran against the proposed set").isEqualTo(24);
        assertThat(client.get("/api/v1/apps/contoso-crm/rules").body().path("revision").asText()).isEqualTo(active);
        ObjectNode sophie = (ObjectNode) Json.mapper().readTree(SOPHIE);
        sophie.remove(java.util.List.of("name", "expect"));
        assertThat(client.postJson("/api/v1/apps/contoso-crm/evaluate", sophie.toString()).body().path("action").asText())
                .as("the active rules still skip her").isEqualTo("skip");
    }

    @Test
    void proposed_files_that_do_not_compile_are_rules_invalid_with_file_and_line() {
        ApiClient.Reply reply = client.postJson(ROUTE, body(TestRules.HEADER + "rule \"scoping.bad\"\nwhen\nthen\nend\n", SOPHIE));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").asText()).isEqualTo("rules_invalid");
        assertThat(reply.body().path("errors").get(0).path("file").asText()).isEqualTo("contoso-crm/customer-success.drl");
        assertThat(reply.body().path("errors").get(0).path("line").asInt()).isEqualTo(5);
    }

    @Test
    void bad_test_cases_in_the_body_are_invalid_request_with_pointers() {
        ApiClient.Reply reply = client.postJson(ROUTE, body(null, "[" + SOPHIE + ", {\"name\": \"x\", \"user\": {\"id\": \"u\"},"
                + " \"expect\": {\"action\": \"provision\", \"code\": \"X\"}}]"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo("invalid_request");
        assertThat(reply.body().path("errors").findValuesAsText("pointer")).containsExactly("/tests/1/expect/action");
    }

    @Test
    void bad_test_files_on_disk_are_tests_invalid_with_file_and_pointer() {
        TestRules.write(rules.resolve("contoso-crm/tests/bad.json"), "{\"name\": \"x\", \"user\": {}, \"expect\": "
                + "{\"action\": \"create\", \"code\": \"NoMatchFound\"}}");
        ApiClient.Reply reply = client.post(ROUTE, "application/json", "");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("code").asText()).isEqualTo("tests_invalid");
        assertThat(reply.body().path("errors").get(0).path("file").asText()).isEqualTo("contoso-crm/tests/bad.json");
        assertThat(reply.body().path("errors").get(0).path("pointer").asText()).isEqualTo("/user/id");
    }

    @Test
    void an_unknown_app_or_body_field_is_refused() {
        assertThat(client.post("/api/v1/apps/nope/rules/test", "application/json", "").body().path("code").asText())
                .isEqualTo("app_not_found");
        ApiClient.Reply reply = client.postJson(ROUTE, "{\"file\": {}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("errors").findValuesAsText("pointer")).containsExactly("/file");
    }
}
