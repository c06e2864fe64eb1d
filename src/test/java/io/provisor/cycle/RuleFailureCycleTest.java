package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule that throws on one user's data fails that user, not the cycle: the rest are provisioned, and a fixed rule retries it. */
class RuleFailureCycleTest extends SandboxCycleTest {

    static final String OLIVIA = "olivia.hart@contoso.com";
    static final String OLIVIA_ID = "d131bb07-691d-4307-8699-afc917c8b9df";
    static final String FAILS_ON_OLIVIA = TestRules.failingOn("entitlement.short-names-fail", "userPrincipalName == \"" + OLIVIA + "\"");

    @Test
    void the_user_a_rule_fails_on_is_logged_and_escrowed_and_every_other_user_is_provisioned() throws Exception {
        // an hour of backoff: the fixed rule set, not the escrow coming due, is what sends the user again
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> settings.put("escrowBackoffSeconds", 3600))) {
            fixture.importSamples();
            Path failing = fixture.rules.resolve(CycleFixture.APP).resolve("short-names.drl");
            Files.writeString(failing, FAILS_ON_OLIVIA);
            fixture.library.reload(CycleFixture.APP);

            CycleSummary first = fixture.cycle();

            assertThat(first.completed()).as(first.error()).isTrue();
            Map<?, ?> statuses = (Map<?, ?>) first.counts().get("statuses");
            assertThat(statuses.get("failure")).isEqualTo(1L);
            assertThat((Long) statuses.get("success")).isGreaterThan(5L);
            List<String> provisioned = userNames();
            assertThat(provisioned).hasSizeGreaterThan(5).doesNotContain(OLIVIA);
            JsonNode failed = records(fixture, "failure").get(0);
            assertThat(failed.at("/sourceIdentity/userPrincipalName").asText()).isEqualTo(OLIVIA);
            assertThat(failed.path("code").asText()).isEqualTo("RuleFailed");
            assertThat(failed.at("/errorInformation/reason").asText()).contains("entitlement.short-names-fail")
                    .contains("displayName.substring(500)");
            assertThat(failed.at("/errorInformation/recommendedAction").asText()).isNotBlank();
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(1L);

            Files.delete(failing);
            fixture.library.reload(CycleFixture.APP);
            fixture.cycle();

            assertThat(userNames()).as("only the user the rule failed on was missing").hasSize(provisioned.size() + 1).contains(OLIVIA);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(0L);
        }
    }

    @Test
    void a_mapping_that_fails_on_one_users_value_fails_that_user_and_names_the_attribute() throws Exception {
        // the nickname becomes a date reformatted from extensionAttribute9, which only Olivia has, and not as a date
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> { })) {
            Path appJson = fixture.rules.resolve(CycleFixture.APP).resolve("app.json");
            Files.writeString(appJson, Files.readString(appJson).replace("\"ToLower([mailNickname])\"",
                    "\"FormatDateTime([extensionAttribute9], , \\\"yyyyMMdd\\\", \\\"yyyy-MM-dd\\\")\""));
            fixture.library.reload(CycleFixture.APP);
            fixture.importSamples();
            ObjectNode user = (ObjectNode) fixture.directory.user(OLIVIA_ID);
            user.putObject("onPremisesExtensionAttributes").put("extensionAttribute9", "not a date");
            fixture.directory.putUser(OLIVIA_ID, user);

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.completed()).as(cycle.error()).isTrue();
            assertThat(((Map<?, ?>) cycle.counts().get("statuses")).get("failure")).isEqualTo(1L);
            assertThat(userNames()).hasSizeGreaterThan(5).doesNotContain(OLIVIA);
            JsonNode failed = records(fixture, "failure").get(0);
            assertThat(failed.path("code").asText()).isEqualTo("MappingFailed");
            assertThat(failed.at("/errorInformation/reason").asText()).startsWith("the mapping of `nickName` failed: ")
                    .contains("not a date");
            assertThat(failed.at("/steps/1/details/Attribute").asText()).isEqualTo("nickName");
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(1L);
        }
    }

    private List<String> userNames() {
        return target.users().stream().map(user -> String.valueOf(user.get("userName"))).toList();
    }

    private static List<JsonNode> records(CycleFixture fixture, String status) {
        return new ProvisioningLogStore(fixture.database).search(new LogQuery(CycleFixture.APP, null, null, status, null, null, null,
                100, null)).records().stream().map(record -> {
                    try {
                        return Json.mapper().readTree(record.document());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
