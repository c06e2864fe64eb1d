package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule that throws on one user's data fails that user, not the cycle: the rest are provisioned, and a fixed rule retries it. */
class RuleFailureCycleTest {

    static final String OLIVIA = "olivia.hart@contoso.com";
    static final String FAILS_ON_OLIVIA = TestRules.failingOn("entitlement.short-names-fail", "userPrincipalName == \"" + OLIVIA + "\"");

    @TempDir
    Path dir;

    ScimTarget target = SandboxTarget.get();

    @BeforeEach
    void reset() {
        target.reset();
    }

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
