package io.provisor.cycle;

import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.model.Change;
import io.provisor.scimtarget.FaultProxy;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cycles against a SCIM server behind a fault-injecting proxy: throttling, server errors, dropped
 * connections, timeouts, a create the server applied but whose answer was lost, and bad configuration.
 */
class CycleFaultTest extends ProxiedCycleTest {

    /** In the samples' scope, so provisioned by the first cycle. */
    private static final String PRIYA = "cd87ba27-e883-4fb6-9d00-4fb88e01f65f";

    @Test
    void a_throttled_target_is_waited_for_and_every_account_is_created_once() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            proxy.on("POST", "/Users").times(3).tooManyRequests(Duration.ofSeconds(1));

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.completed()).isTrue();
            assertThat(cycle.counts().get("deferredThrottled")).isEqualTo(3L);
            assertThat(((Map<?, ?>) cycle.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertOneAccountPerUserName(target);
            assertThat(documents(fixture, cycle)).anyMatch(doc -> doc.contains("deferred, target throttled"));
        }
    }

    @Test
    void server_errors_and_timeouts_go_to_escrow_and_succeed_on_the_next_cycle() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            rewrite(fixture, 3); // roomy: every other request of the cycle must answer within it, also on a loaded machine
            proxy.on("POST", "/Users").times(2).serverError();
            proxy.on("POST", "/Users").times(1).delay(Duration.ofSeconds(10));

            CycleSummary first = fixture.cycle();

            long failed = (Long) ((Map<?, ?>) first.counts().get("statuses")).get("failure");
            assertThat(failed).isEqualTo(3L);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(failed);
            assertThat(documents(fixture, first)).anyMatch(doc -> doc.contains("\"InternalServerError\""))
                    .anyMatch(doc -> doc.contains("\"Timeout\""));

            CycleSummary second = fixture.cycle();

            assertThat(((Map<?, ?>) second.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(0L);
            assertOneAccountPerUserName(target);
        }
    }

    @Test
    void a_dropped_connection_is_tried_again_at_once_for_users_and_groups() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            FaultProxy.Rule user = proxy.on("POST", "/Users").times(1).drop();
            FaultProxy.Rule group = proxy.on("POST", "/Groups").times(1).forwardThenDrop();

            CycleSummary cycle = fixture.cycle();

            assertThat(user.injected() + group.injected()).isEqualTo(2);
            assertThat(((Map<?, ?>) cycle.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(0L);
            assertOneAccountPerUserName(target);
            Set<String> groupNames = new HashSet<>();
            target.groups().forEach(g -> assertThat(groupNames.add(String.valueOf(g.get("displayName")))).as("duplicate " + g).isTrue());
            assertThat(documents(fixture, cycle)).filteredOn(doc -> doc.contains("\"EntryRetried\"")).hasSize(2)
                    .allMatch(doc -> doc.contains("\"status\":\"success\",\"code\""))
                    .anyMatch(doc -> doc.contains("\"identityType\":\"Group\"") && doc.contains("MatchedExistingAccount"));
        }
    }

    @Test
    void a_create_the_server_applied_before_the_connection_dropped_is_linked_by_the_retry_not_sent_twice() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            FaultProxy.Rule applied = proxy.on("POST", "/Users").times(1).forwardThenDrop();

            CycleSummary cycle = fixture.cycle();

            assertThat(applied.injected()).isEqualTo(1);
            assertThat(((Map<?, ?>) cycle.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertOneAccountPerUserName(target);
            assertThat(documents(fixture, cycle)).filteredOn(doc -> doc.contains("\"EntryRetried\"")).singleElement()
                    .satisfies(doc -> assertThat(doc).contains("EntryRecovered", "\"action\":\"create\",\"status\":\"success\""));
        }
    }

    @Test
    void a_delete_the_server_applied_before_the_connection_dropped_is_logged_once_as_done_and_unlinked() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            fixture.cycle();
            int accounts = target.users().size();
            long links = linkedUsers(fixture);
            fixture.directory.delete(Change.ObjectType.USER, PRIYA, true);
            FaultProxy.Rule applied = proxy.on("DELETE", "/Users/.*").times(1).forwardThenDrop();

            CycleSummary cycle = fixture.cycle();

            assertThat(applied.injected()).isEqualTo(1);
            assertThat(((Map<?, ?>) cycle.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertThat(target.users()).hasSize(accounts - 1);
            assertThat(linkedUsers(fixture)).isEqualTo(links - 1);
            // the retry finds the account gone and the interrupted delete in the journal: one record, a successful delete
            assertThat(documents(fixture, cycle)).filteredOn(doc -> doc.contains(PRIYA)).singleElement()
                    .satisfies(doc -> assertThat(doc).contains("\"action\":\"delete\",\"status\":\"success\"", "\"EntryRetried\"",
                            "EntryRecovered").doesNotContain("InvalidAnchor"));

            CycleSummary next = fixture.cycle();
            assertThat(documents(fixture, next)).noneMatch(doc -> doc.contains(PRIYA));
        }
    }

    @Test
    void a_connection_dropped_again_on_the_retry_goes_to_escrow_with_both_attempts_in_its_record() {
        // one worker, so the second drop meets the same user's retry rather than another user's first attempt
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 1))) {
            fixture.importSamples();
            proxy.on("POST", "/Users").times(2).drop();

            CycleSummary first = fixture.cycle();

            assertThat(((Map<?, ?>) first.counts().get("statuses")).get("failure")).isEqualTo(1L);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(1L);
            assertThat(documents(fixture, first)).filteredOn(doc -> doc.contains("\"status\":\"failure\",\"code\"")).singleElement()
                    .satisfies(doc -> assertThat(doc).contains("\"EntryRetried\"", "WebExceptionProtocolError"));

            CycleSummary second = fixture.cycle();

            assertThat(((Map<?, ?>) second.counts().get("statuses")).get("failure")).isEqualTo(0L);
            assertOneAccountPerUserName(target);
        }
    }

    @Test
    void a_create_applied_by_the_server_but_unanswered_is_matched_next_time_not_created_twice() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            rewrite(fixture, 3); // roomy: every other request of the cycle must answer within it, also on a loaded machine
            FaultProxy.Rule lost = proxy.on("POST", "/Users").times(1).forwardThenHang();

            CycleSummary first = fixture.cycle();
            assertThat(lost.injected()).isEqualTo(1);
            assertThat(((Map<?, ?>) first.counts().get("statuses")).get("failure")).isEqualTo(1L);
            int accounts = target.users().size();

            CycleSummary second = fixture.cycle();

            assertThat(target.users()).hasSize(accounts);
            assertOneAccountPerUserName(target);
            assertThat(documents(fixture, second)).anyMatch(doc -> doc.contains("EntryRecovered") && doc.contains("\"action\":\"create\"")
                    && doc.contains("\"status\":\"success\""));
        }
    }

    @Test
    void a_credentials_failure_mid_cycle_quarantines_keeps_the_store_usable_and_the_next_cycle_completes_without_duplicates()
            throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 2))) {
            fixture.importSamples();
            importSalesUsers(fixture, 60); // chunks for both workers
            FaultProxy.Rule held = proxy.on("POST", "/Users").times(1).hold();
            FaultProxy.Rule refused = proxy.on("POST", "/Users").times(1).respond(401);
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<CycleSummary> first = runner.submit(fixture::cycle);
                assertThat(held.awaitHeld(Duration.ofSeconds(30))).isTrue();
                // the other worker's create is refused while this one's is still on its way: the cycle fails
                assertThat(refused.awaitCompleted(1, Duration.ofSeconds(30))).isTrue();
                held.release();

                CycleSummary failed = first.get(60, TimeUnit.SECONDS);
                assertThat(failed.outcome()).isEqualTo("quarantined");
                assertThat(String.valueOf(fixture.provisioning.status(CycleFixture.APP).get("quarantine"))).contains("Unauthorized");
                List<String> logged = documents(fixture, failed);
                assertThat(logged).as("the held create finished and was logged").anyMatch(doc -> doc.contains("\"status\":\"success\""));
                assertThat(target.users()).as("the chunk behind the held create stopped").hasSizeLessThan(5);
            } finally {
                runner.shutdown();
            }

            fixture.provisioning.restart(CycleFixture.APP, ResetScope.PORTAL_RESTART, "test");
            CycleSummary second = fixture.cycle();

            assertThat(second.completed()).isTrue();
            assertOneAccountPerUserName(target);
            List<String> successes = new ProvisioningLogStore(fixture.database).search(new LogQuery(CycleFixture.APP, null, "create",
                    "success", null, null, null, 500, null)).records().stream().map(ProvisioningLogStore.Stored::document)
                    .filter(doc -> doc.contains("\"identityType\":\"User\"")).toList();
            assertThat(successes).as("one successful user create per account, over both cycles").hasSize(target.users().size());
        }
    }

    @Test
    void a_wrong_token_quarantines_the_job_with_a_clear_reason_and_a_log_entry() {
        try (CycleFixture fixture = new CycleFixture(dir, target.baseUrl(), "not-the-token", settings -> { })) {
            fixture.importSamples();

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.outcome()).isEqualTo("quarantined");
            Map<String, Object> status = fixture.provisioning.status(CycleFixture.APP);
            assertThat(status.get("state")).isEqualTo("Quarantine");
            assertThat(String.valueOf(status.get("quarantine"))).contains("EncounteredQuarantineException", "Unauthorized");
            assertThat(documents(fixture, cycle)).singleElement().asString().contains("\"Unauthorized\"", "TestConnection")
                    .doesNotContain("not-the-token");
            assertThat(target.users()).isEmpty();
        }
    }

    @Test
    void an_unreachable_target_quarantines_and_the_scheduler_keeps_running() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CycleFixture fixture = new CycleFixture(dir, URI.create("http://127.0.0.1:" + closedPort + "/scim/v2"), "t", s -> { })) {
            fixture.importSamples();
            fixture.provisioning.start(CycleFixture.APP, "test");
            Scheduler scheduler = new Scheduler(fixture.provisioning, Duration.ofDays(1));

            scheduler.tick();
            awaitState(fixture, "Quarantine");
            scheduler.tick();

            Map<String, Object> status = fixture.provisioning.status(CycleFixture.APP);
            assertThat(String.valueOf(status.get("quarantine"))).contains("EncounteredQuarantineException", "test connection failed");
            assertThat(scheduler.problem(CycleFixture.APP)).isNull();
            scheduler.close();
        }
    }

    private static void awaitState(CycleFixture fixture, String state) throws InterruptedException {
        for (int i = 0; i < 600 && !state.equals(fixture.provisioning.status(CycleFixture.APP).get("state")); i++) {
            synchronized (fixture) {
                fixture.wait(50);
            }
        }
        assertThat(fixture.provisioning.status(CycleFixture.APP).get("state")).isEqualTo(state);
    }

    /** Sets the connector's request timeout, so delayed answers fail fast. */
    private static void rewrite(CycleFixture fixture, int timeoutSeconds) {
        try {
            Path appJson = fixture.rules.resolve(CycleFixture.APP).resolve("app.json");
            var app = (com.fasterxml.jackson.databind.node.ObjectNode) io.provisor.codec.Json.mapper().readTree(appJson.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) app.get("connector")).put("timeoutSeconds", timeoutSeconds);
            java.nio.file.Files.writeString(appJson, app.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Users in the app's scope (Sales, US), each assigned to the app directly. */
    private static void importSalesUsers(CycleFixture fixture, int count) throws java.io.IOException {
        StringBuilder users = new StringBuilder();
        StringBuilder assignments = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String id = String.format("00000000-0000-4000-8000-%012d", i);
            users.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"userPrincipalName\":\"seller").append(i)
                    .append("@contoso.com\",\"mail\":\"seller").append(i).append("@contoso.com\",\"displayName\":\"Seller ").append(i)
                    .append("\",\"givenName\":\"Seller\",\"surname\":\"No").append(i).append("\",\"department\":\"Sales\",")
                    .append("\"country\":\"US\",\"employeeId\":\"9").append(i).append("\",\"userType\":\"Member\",\"accountEnabled\":true}");
            assignments.append(i == 0 ? "" : ",").append("{\"id\":\"seller-a-").append(i)
                    .append("\",\"appRoleId\":\"00000000-0000-0000-0000-000000000000\",\"principalId\":\"").append(id)
                    .append("\",\"principalType\":\"User\",\"resourceDisplayName\":\"").append(CycleFixture.APP).append("\"}");
        }
        String snapshot = "{\"users\":[" + users + "],\"groups\":[],\"appRoleAssignments\":[" + assignments + "]}";
        ImportReport report = new SnapshotImporter(fixture.directory, SnapshotImporter.DEFAULT_BATCH)
                .importJson(new java.io.ByteArrayInputStream(snapshot.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(report.problems()).isEmpty();
    }

    private static void assertOneAccountPerUserName(ScimTarget target) {
        List<Map<String, Object>> users = target.users();
        Set<String> names = new HashSet<>();
        users.forEach(user -> assertThat(names.add(String.valueOf(user.get("userName")).toLowerCase())).as("duplicate " + user).isTrue());
        assertThat(users).hasSizeGreaterThan(8);
    }

    private static long linkedUsers(CycleFixture fixture) {
        return ((Number) ((Map<?, ?>) fixture.provisioning.status(CycleFixture.APP).get("links")).get("users")).longValue();
    }

    private static List<String> documents(CycleFixture fixture, CycleSummary cycle) {
        String cycleId = String.valueOf(cycle.counts().get("cycleId"));
        return new ProvisioningLogStore(fixture.database).search(new LogQuery(CycleFixture.APP, null, null, null, cycleId, null, null,
                500, null)).records().stream().map(ProvisioningLogStore.Stored::document).toList();
    }
}
