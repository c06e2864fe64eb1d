package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Versioned rule sets, rollback, impact preview, gated activation and replay, over real HTTP. */
class RuleGovernanceApiTest {

    static final String APP = "/api/v1/apps/contoso-crm";
    static final String OLIVIA = "d131bb07-691d-4307-8699-afc917c8b9df";
    static final String EXCLUDE_ACCOUNT_EXECUTIVES = """
            package contoso_crm;
            import io.provisor.rules.facts.*;
            rule "entitlement.no-account-executives"
                @code("AccountExecutivesExcluded")
                @entraCode("NotEffectivelyEntitled")
                @reason("`{user}` is an account executive ({jobTitle}); they use another CRM")
                @fix("none: account executives use another CRM")
            when
                $u : User(jobTitle == "Account Executive")
            then
                insertLogical(new NotEntitled("jobTitle", $u.jobTitle()));
            end
            """;

    @TempDir
    Path dir;
    TestServer server;
    ApiClient client;
    Path rules;

    @BeforeEach
    void start() throws Exception {
        rules = TestRules.copyShipped(dir);
        // The shipped policy tests expect account executives to get accounts; most tests here change that on purpose.
        Files.move(rules.resolve("contoso-crm/tests"), dir.resolve("shipped-tests"));
        server = new TestServer(rules, dir.resolve("data"));
        client = server.client;
        assertThat(client.post("/api/v1/directory/import", "application/json", Files.readString(Path.of("samples/tenant.json"))).status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String files(String appJson, boolean withNewRule) throws Exception {
        ObjectNode files = Json.mapper().createObjectNode();
        files.put("contoso-crm/app.json", appJson);
        files.put("contoso-crm/entitlement.drl", Files.readString(rules.resolve("contoso-crm/entitlement.drl")));
        if (withNewRule) {
            files.put("contoso-crm/account-executives.drl", EXCLUDE_ACCOUNT_EXECUTIVES);
        }
        return Json.mapper().createObjectNode().set("files", files).toString();
    }

    String appJson() throws Exception {
        return Files.readString(rules.resolve("contoso-crm/app.json"));
    }

    @Test
    void activation_stores_a_revision_and_rollback_restores_the_earlier_files() throws Exception {
        String first = client.get(APP + "/rules/revisions").body().path("active").asText();
        assertThat(first).isNotBlank();

        ApiClient.Reply activated = client.send("PUT", APP + "/rules", "application/json", files(appJson(), true));

        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        String second = activated.body().path("revision").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(rules.resolve("contoso-crm/account-executives.drl")).exists();
        JsonNode list = client.get(APP + "/rules/revisions").body();
        assertThat(list.path("active").asText()).isEqualTo(second);
        assertThat(list.path("value")).hasSize(2);
        assertThat(list.path("activations").get(0).path("actor").asText()).isEqualTo("admin");

        ApiClient.Reply rolledBack = client.post(APP + "/rules/revisions/" + first + "/activate", "application/json", "");

        assertThat(rolledBack.status()).as(rolledBack.text()).isEqualTo(200);
        assertThat(rolledBack.body().path("revision").asText()).isEqualTo(first);
        assertThat(rules.resolve("contoso-crm/account-executives.drl")).doesNotExist();
        assertThat(client.get(APP + "/rules/revisions").body().path("active").asText()).isEqualTo(first);
    }

    @Test
    void files_whose_policy_tests_fail_are_refused_and_change_nothing() throws Exception {
        Files.move(dir.resolve("shipped-tests"), rules.resolve("contoso-crm/tests"));
        String before = client.get(APP + "/rules/revisions").body().path("active").asText();

        ApiClient.Reply refused = client.send("PUT", APP + "/rules", "application/json", files(appJson(), true));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("detail").asText()).contains("policy tests fail");
        assertThat(client.get(APP + "/rules/revisions").body().path("active").asText()).isEqualTo(before);
        assertThat(rules.resolve("contoso-crm/account-executives.drl")).doesNotExist();
    }

    @Test
    void files_that_do_not_compile_are_refused_and_change_nothing() throws Exception {
        String before = client.get(APP + "/rules/revisions").body().path("active").asText();
        String broken = files(appJson(), false).replace("\"contoso-crm/entitlement.drl\":\"", "\"contoso-crm/entitlement.drl\":\"rule oops ");

        ApiClient.Reply refused = client.send("PUT", APP + "/rules", "application/json", broken);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("code").asText()).isEqualTo("rules_invalid");
        assertThat(client.get(APP + "/rules/revisions").body().path("active").asText()).isEqualTo(before);
        assertThat(Files.readString(rules.resolve("contoso-crm/entitlement.drl"))).doesNotContain("oops");
    }

    @Test
    void a_preview_counts_transitions_names_the_rule_and_pages_and_exports_its_changes() throws Exception {
        String body = Json.mapper().createObjectNode().set("files", Json.mapper().createObjectNode()
                .put("contoso-crm/account-executives.drl", EXCLUDE_ACCOUNT_EXECUTIVES)).toString();

        ApiClient.Reply preview = client.postJson(APP + "/rules/preview", body);

        assertThat(preview.status()).as(preview.text()).isEqualTo(201);
        assertThat(preview.body().path("evaluated").asLong()).as("assigned or linked").isPositive().isLessThan(53);
        assertThat(preview.body().path("evaluated").asLong() + preview.body().path("notAssigned").asLong()).isEqualTo(53);
        assertThat(preview.body().path("transitions").path("create → skip").asLong()).isPositive();
        long changed = preview.body().path("changed").asLong();
        assertThat(changed).as("new actions, and same actions with a new cause").isGreaterThanOrEqualTo(
                preview.body().path("transitions").path("create → skip").asLong());
        java.util.List<JsonNode> changes = new java.util.ArrayList<>();
        preview.body().path("changes").forEach(changes::add);
        assertThat(changes).filteredOn(c -> c.path("oldAction").asText().equals("create"))
                .isNotEmpty()
                .allSatisfy(c -> {
                    assertThat(c.path("newAction").asText()).isEqualTo("skip");
                    assertThat(c.path("ruleId").asText()).isEqualTo("entitlement.no-account-executives");
                    assertThat(c.path("newCode").asText()).isEqualTo("AccountExecutivesExcluded");
                });

        String id = preview.body().path("id").asText();
        JsonNode first = client.get(APP + "/rules/previews/" + id + "?limit=1").body();
        assertThat(first.path("changes")).hasSize(1);
        JsonNode second = client.get(APP + "/rules/previews/" + id + "?limit=1&cursor=" + first.path("nextCursor").asText()).body();
        assertThat(second.path("changes").get(0).path("userId").asText()).isNotEqualTo(first.path("changes").get(0).path("userId").asText());
        String csv = client.getWith(APP + "/rules/previews/" + id, "text/csv").text();
        assertThat(csv.lines()).hasSize((int) changed + 1).first().asString().startsWith("userId,displayName,oldAction");
    }

    @Test
    void a_preview_lists_the_users_the_proposed_rules_fail_on_as_changes_to_none_with_the_rule() throws Exception {
        String failing = TestRules.failingOn("entitlement.long-names-only", "department == \"Sales\"");
        String body = Json.mapper().createObjectNode().set("files", Json.mapper().createObjectNode()
                .put("contoso-crm/long-names.drl", failing)).toString();

        ApiClient.Reply preview = client.postJson(APP + "/rules/preview", body);

        assertThat(preview.status()).as(preview.text()).isEqualTo(201);
        java.util.List<JsonNode> failed = new java.util.ArrayList<>();
        preview.body().path("changes").forEach(change -> {
            if (change.path("newCode").asText().equals("RuleFailed")) {
                failed.add(change);
            }
        });
        assertThat(failed).isNotEmpty().allSatisfy(change -> {
            assertThat(change.path("newAction").asText()).isEqualTo("none");
            assertThat(change.path("ruleId").asText()).isEqualTo("entitlement.long-names-only");
        });
        long toNone = 0;
        for (var transition = preview.body().path("transitions").fields(); transition.hasNext(); ) {
            var entry = transition.next();
            toNone += entry.getKey().endsWith("→ none") ? entry.getValue().asLong() : 0;
        }
        assertThat(toNone).as("every user the rule fails on, and no other, comes to none").isEqualTo(failed.size());
        assertThat(preview.body().path("transitions").path("create → none").asLong()).isPositive();
    }

    @Test
    void evaluating_a_user_a_rule_fails_on_is_422_rule_failed_with_the_rule() throws Exception {
        Files.writeString(rules.resolve("contoso-crm/zed.drl"), TestRules.failingOn("entitlement.zed-fails",
                "userPrincipalName == \"zed@contoso.com\""));
        assertThat(client.post(APP + "/rules/reload", "application/json", "").status()).isEqualTo(200);

        ApiClient.Reply refused = client.postJson(APP + "/evaluate",
                "{\"user\": {\"id\": \"z1\", \"userPrincipalName\": \"zed@contoso.com\", \"displayName\": \"Zed\"}}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.body().path("code").asText()).isEqualTo("rule_failed");
        assertThat(refused.body().path("detail").asText()).startsWith("rule `entitlement.zed-fails` failed: ")
                .contains("StringIndexOutOfBoundsException");
        assertThat(refused.body().at("/errors/0/ruleId").asText()).isEqualTo("entitlement.zed-fails");
        assertThat(client.postJson(APP + "/evaluate", "{\"user\": {\"id\": \"a1\", \"userPrincipalName\": \"amy@contoso.com\"}}")
                .status()).as("other users are decided").isEqualTo(200);
    }

    @Test
    void evaluating_a_user_a_mapping_fails_on_is_422_mapping_failed_with_the_attribute() throws Exception {
        Path appJson = rules.resolve("contoso-crm/app.json");
        Files.writeString(appJson, Files.readString(appJson).replace("\"ToLower([mailNickname])\"",
                "\"FormatDateTime([extensionAttribute9], , \\\"yyyyMMdd\\\", \\\"yyyy-MM-dd\\\")\""));
        assertThat(client.post(APP + "/rules/reload", "application/json", "").status()).isEqualTo(200);
        String olivia = "/api/v1/directory/users/d131bb07-691d-4307-8699-afc917c8b9df";
        ObjectNode user = (ObjectNode) client.get(olivia).body();
        user.putObject("onPremisesExtensionAttributes").put("extensionAttribute9", "not a date");
        assertThat(client.send("PUT", olivia, "application/json", user.toString()).status()).isEqualTo(200);

        ApiClient.Reply refused = client.postJson(APP + "/evaluate", "{\"userId\": \"d131bb07-691d-4307-8699-afc917c8b9df\"}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.body().path("code").asText()).isEqualTo("mapping_failed");
        assertThat(refused.body().path("detail").asText()).startsWith("the mapping of `nickName` failed: ").contains("not a date");
        assertThat(refused.body().at("/errors/0/attribute").asText()).isEqualTo("nickName");
    }

    @Test
    void activation_above_the_deletion_threshold_needs_a_preview_of_exactly_those_files() throws Exception {
        ScimTarget target = SandboxTarget.get();
        target.reset();
        String connector = "{\"type\": \"scim\", \"baseUrl\": \"" + target.baseUrl() + "\", \"auth\": {\"type\": \"bearer\", \"tokenEnv\":"
                + " \"T\"}, \"secrets\": {\"T\": \"" + target.token() + "\"}}";
        assertThat(client.send("PUT", APP + "/connector", "application/json", connector).status()).isEqualTo(200);
        assertThat(client.post(APP + "/cycles", "application/json", "").body().path("outcome").asText()).isEqualTo("completed");
        String strict = appJson().replace("\"deletionThreshold\": 500", "\"deletionThreshold\": 1");
        assertThat(strict).contains("\"deletionThreshold\": 1");

        ApiClient.Reply held = client.send("PUT", APP + "/rules", "application/json", files(strict, true));

        assertThat(held.status()).as(held.text()).isEqualTo(409);
        assertThat(held.body().path("code").asText()).isEqualTo("preview_required");
        String previewId = held.body().path("errors").get(0).path("previewId").asText();
        assertThat(held.body().path("errors").get(0).path("newDisablesAndDeletes").asLong()).isGreaterThan(1);
        assertThat(client.send("PUT", APP + "/rules?preview=not-a-preview", "application/json", files(strict, true)).status()).isEqualTo(400);
        assertThat(client.send("PUT", APP + "/rules?preview=" + previewId, "application/json", files(strict, false)).status())
                .as("a preview of other files").isEqualTo(400);

        ApiClient.Reply activated = client.send("PUT", APP + "/rules?preview=" + previewId, "application/json", files(strict, true));

        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
    }

    @Test
    void activation_of_rules_that_fail_on_users_the_active_rules_decide_needs_a_preview_listing_them() throws Exception {
        ObjectNode files = Json.mapper().createObjectNode();
        files.put("contoso-crm/app.json", appJson());
        files.put("contoso-crm/entitlement.drl", Files.readString(rules.resolve("contoso-crm/entitlement.drl")));
        files.put("contoso-crm/zed.drl", TestRules.failingOn("entitlement.zed-fails",
                "userPrincipalName in (\"jessica.wong@contoso.com\", \"michael.torres@contoso.com\", \"samuel.reed@contoso.com\")"));
        String body = Json.mapper().createObjectNode().set("files", files).toString();
        String active = client.get(APP + "/rules/revisions").body().path("active").asText();

        ApiClient.Reply held = client.send("PUT", APP + "/rules", "application/json", body);

        assertThat(held.status()).as(held.text()).isEqualTo(409);
        assertThat(held.body().path("code").asText()).isEqualTo("preview_required");
        assertThat(held.body().path("detail").asText()).contains("would fail on");
        JsonNode error = held.body().path("errors").get(0);
        long failing = error.path("newRuleFailures").asLong();
        assertThat(failing).isPositive();
        assertThat(error.path("newDisablesAndDeletes").asLong()).isZero();
        JsonNode report = client.get(APP + "/rules/previews/" + error.path("previewId").asText() + "?limit=100").body();
        java.util.List<String> listed = new java.util.ArrayList<>();
        report.path("changes").forEach(change -> {
            if (change.path("newCode").asText().equals("RuleFailed")) {
                listed.add(change.path("ruleId").asText());
            }
        });
        assertThat(listed).as("the preview names the rule for each of them").hasSize((int) failing).containsOnly("entitlement.zed-fails");
        assertThat(client.get(APP + "/rules/revisions").body().path("active").asText()).as("nothing activated yet").isEqualTo(active);

        ApiClient.Reply activated = client.send("PUT", APP + "/rules?preview=" + error.path("previewId").asText(), "application/json", body);

        assertThat(activated.status()).as("activated once the admin names the preview: " + activated.text()).isEqualTo(200);
    }

    @Test
    void a_logged_decision_replays_under_the_current_rules_and_says_what_differs() throws Exception {
        JsonNode decision = client.postJson(APP + "/evaluate", "{\"userId\": \"" + OLIVIA + "\"}").body();
        assertThat(decision.path("action").asText()).isEqualTo("create");
        String firstRevision = decision.path("revision").asText();

        JsonNode same = client.post("/api/v1/decisions/" + decision.path("decisionId").asText() + "/replay", "application/json", "").body();
        assertThat(same.path("differs").asBoolean()).isFalse();

        assertThat(client.send("PUT", APP + "/rules", "application/json", files(appJson(), true)).status()).isEqualTo(200);
        JsonNode replayed = client.post("/api/v1/decisions/" + decision.path("decisionId").asText() + "/replay", "application/json", "")
                .body();

        assertThat(replayed.path("differs").asBoolean()).isTrue();
        assertThat(replayed.path("replayed").path("action").asText()).isEqualTo("skip");
        assertThat(replayed.path("differences").toString()).contains("action: create → skip");
        JsonNode underOld = client.post("/api/v1/decisions/" + decision.path("decisionId").asText() + "/replay?revision=" + firstRevision,
                "application/json", "").body();
        assertThat(underOld.path("differs").asBoolean()).as(underOld.toString()).isFalse();
        assertThat(client.post("/api/v1/decisions/nope/replay", "application/json", "").status()).isEqualTo(404);
    }
}
