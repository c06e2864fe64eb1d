package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Accidental-deletion prevention, rule changes between cycles, and event mode, against the SCIM-SDK sandbox. */
class CycleDeletionTest extends SandboxCycleTest {

    static final List<String> SALES_US = List.of("d071824a-a829-4191-bd26-e93290c2541b", "cd87ba27-e883-4fb6-9d00-4fb88e01f65f",
            "b6545e6c-acaf-468d-b829-fe2a0baac9e7");

    @Test
    void disables_above_the_threshold_are_held_logged_as_staged_and_sent_only_when_allowed() throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> settings.put("deletionThreshold", 2))) {
            fixture.importSamples();
            assertThat(fixture.cycle().completed()).isTrue();
            for (String id : SALES_US) {
                fixture.directory.putUser(id, with(fixture.directory.user(id), "department", "Finance"));
            }

            CycleSummary held = fixture.cycle();

            assertThat(held.quarantine()).isEqualTo("TooManyDeletes");
            Map<String, Object> status = fixture.provisioning.status(CycleFixture.APP);
            assertThat(status.get("state")).isEqualTo("Quarantine");
            List<?> heldDeletes = (List<?>) status.get("heldDeletes");
            assertThat(heldDeletes).hasSize(3);
            assertThat(heldDeletes.toString()).contains("action=disable", "cause=directory change", "rule=");
            assertThat(logs(fixture, "stagedDelete")).hasSize(3);
            SALES_US.forEach(id -> assertThat(account(fixture, id).get("active")).isEqualTo(true));

            assertThat(fixture.provisioning.allowDeletes(CycleFixture.APP, "admin")).isPresent();

            SALES_US.forEach(id -> assertThat(account(fixture, id).get("active")).isEqualTo(false));
            status = fixture.provisioning.status(CycleFixture.APP);
            assertThat(status.get("state")).isEqualTo("Active");
            assertThat((List<?>) status.get("heldDeletes")).isEmpty();
            assertThat(logs(fixture, "disable")).hasSize(3);
        }
    }

    @Test
    void disables_up_to_the_threshold_are_sent_in_the_same_cycle() throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> settings.put("deletionThreshold", 3))) {
            fixture.importSamples();
            fixture.cycle();
            for (String id : SALES_US) {
                fixture.directory.putUser(id, with(fixture.directory.user(id), "department", "Finance"));
            }

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.quarantine()).isNull();
            SALES_US.forEach(id -> assertThat(account(fixture, id).get("active")).isEqualTo(false));
        }
    }

    @Test
    void a_rule_change_re_evaluates_everyone_in_an_initial_cycle_and_keeps_the_links() throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> { })) {
            fixture.importSamples();
            fixture.cycle();
            int accounts = target.users().size();
            TestRules.write(fixture.rules.resolve("contoso-crm/account-executives.drl"), """
                    package contoso_crm;
                    import io.provisor.rules.facts.*;
                    rule "entitlement.no-account-executives"
                        @code("AccountExecutivesExcluded")
                        @entraCode("NotEffectivelyEntitled")
                        @reason("`{user}` is an account executive ({jobTitle}); they are managed elsewhere")
                        @fix("none: account executives use another CRM")
                    when
                        $u : User(jobTitle == "Account Executive")
                    then
                        insertLogical(new NotEntitled("jobTitle", $u.jobTitle()));
                    end
                    """);
            assertThat(fixture.library.reload(CycleFixture.APP)).isNotNull();

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.counts().get("kind")).isEqualTo("initial");
            assertThat(target.users()).hasSize(accounts);
            long disabled = target.users().stream().filter(u -> Boolean.FALSE.equals(u.get("active"))).count();
            assertThat(disabled).isPositive();
            assertThat(((Map<?, ?>) cycle.counts().get("actions")).get("create")).isEqualTo(0L);
        }
    }

    @Test
    void in_event_mode_a_directory_change_reaches_the_target_without_waiting_for_the_interval() throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> settings.put("eventMode", true)
                .put("debounceMillis", 100).put("intervalMinutes", 600))) {
            fixture.importSamples();
            fixture.provisioning.start(CycleFixture.APP, "test");
            try (Scheduler scheduler = new Scheduler(fixture.provisioning, Duration.ofMillis(50)).start()) {
                String daniel = SALES_US.get(2);
                awaitTarget(() -> account(fixture, daniel) != null);
                fixture.directory.putUser(daniel, with(fixture.directory.user(daniel), "surname", "Brookes"));
                awaitTarget(() -> "Daniel Brookes".equals(account(fixture, daniel).get("displayName")));
                assertThat(account(fixture, daniel).get("displayName")).isEqualTo("Daniel Brookes");
            }
        }
    }

    private void awaitTarget(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Object monitor = new Object();
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            synchronized (monitor) {
                monitor.wait(25);
            }
        }
    }

    private Map<String, Object> account(CycleFixture fixture, String userId) {
        String upn = fixture.directory.user(userId).path("userPrincipalName").asText();
        return target.users().stream().filter(u -> upn.equalsIgnoreCase(String.valueOf(u.get("userName")))).findFirst().orElse(null);
    }

    private static List<String> logs(CycleFixture fixture, String action) {
        return new ProvisioningLogStore(fixture.database).search(new LogQuery(CycleFixture.APP, null, action, null, null, null, null,
                100, null)).records().stream().map(ProvisioningLogStore.Stored::document).toList();
    }

    private static JsonNode with(JsonNode user, String field, String value) {
        ObjectNode copy = (ObjectNode) user.deepCopy();
        copy.put(field, value);
        copy.remove("deletedDateTime");
        return copy;
    }
}
