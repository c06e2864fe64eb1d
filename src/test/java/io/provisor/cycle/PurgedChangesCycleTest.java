package io.provisor.cycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobRows.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that the change feed's purge left behind (disabled after four weeks in quarantine, or its app removed from the
 * rules folder for a while) starts over with an initial cycle instead of missing the purged changes.
 */
class PurgedChangesCycleTest extends SandboxCycleTest {

    static final String OLIVIA_ID = "d131bb07-691d-4307-8699-afc917c8b9df";

    @Test
    void a_disabled_job_whose_changes_were_purged_runs_an_initial_cycle_and_sends_the_change_it_would_have_missed() {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> { })) {
            fixture.importSamples();
            assertThat(fixture.cycle().counts().get("kind")).isEqualTo("initial");
            Job job = fixture.jobs.job(CycleFixture.APP).orElseThrow();
            fixture.jobs.saveJob(job.withState(JobState.Disabled.name()));
            ObjectNode olivia = (ObjectNode) fixture.directory.user(OLIVIA_ID);
            olivia.put("surname", "Hartwell");
            fixture.directory.putUser(OLIVIA_ID, olivia);
            DirectoryStore store = new DirectoryStore(fixture.database);
            int purged = store.purgeChangesOlderThan(Instant.now().plusSeconds(60), 1000, List.of(CycleFixture.APP));
            assertThat(purged).as("the disabled job held nothing back, the rename included").isPositive();
            assertThat(store.changesPurgedAfter(job.watermark())).isTrue();

            fixture.provisioning.start(CycleFixture.APP, "admin@contoso.com");
            CycleSummary again = fixture.cycle();

            assertThat(again.completed()).as(again.error()).isTrue();
            assertThat(again.counts().get("kind")).isEqualTo("initial");
            assertThat(familyName(OLIVIA_ID)).isEqualTo("Hartwell");
            assertThat(fixture.cycle().counts().get("kind")).as("then incremental again, from the new watermark")
                    .isEqualTo("incremental");
        }
    }

    @Test
    void a_running_job_holds_its_unread_changes_and_reads_them_incrementally() {
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> { })) {
            fixture.importSamples();
            fixture.cycle();
            ObjectNode olivia = (ObjectNode) fixture.directory.user(OLIVIA_ID);
            olivia.put("surname", "Hartwell");
            fixture.directory.putUser(OLIVIA_ID, olivia);
            new DirectoryStore(fixture.database).purgeChangesOlderThan(Instant.now().plusSeconds(60), 1000, List.of(CycleFixture.APP));

            CycleSummary next = fixture.cycle();

            assertThat(next.counts().get("kind")).isEqualTo("incremental");
            assertThat(((Map<?, ?>) next.counts().get("actions")).get("update")).isEqualTo(1L);
            assertThat(familyName(OLIVIA_ID)).isEqualTo("Hartwell");
        }
    }

    private String familyName(String externalId) {
        Map<String, Object> account = target.users().stream().filter(user -> externalId.equals(user.get("externalId")))
                .findFirst().orElseThrow(() -> new AssertionError("no account with externalId " + externalId));
        return String.valueOf(((Map<?, ?>) account.get("name")).get("familyName"));
    }
}
