package io.provisor.cycle;

import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.store.Candidates;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A cycle that stopped with a write in flight resumes under its own id and logs that object once. */
class ResumedCycleTest {

    @TempDir
    Path dir;

    @Test
    void an_object_recovered_from_the_journal_is_not_processed_again_by_the_resumed_cycle() {
        ScimTarget target = SandboxTarget.get();
        target.reset();
        try (CycleFixture fixture = new CycleFixture(dir, target.baseUrl(), target.token(), settings -> { })) {
            fixture.importSamples();
            boolean all = fixture.library.active(CycleFixture.APP).orElseThrow().app().isSyncAll();
            List<String> ids = new ArrayList<>();
            new Candidates(fixture.database).users(CycleFixture.APP, all, null, ids::add);
            String first = ids.get(0);
            Instant stoppedAt = Instant.now();
            // as a process killed while sending the first user's create leaves it: the cycle begun, the write journaled
            fixture.jobs.saveJob(Job.notRun(CycleFixture.APP).withCycle("cycle-stopped", CycleKind.INITIAL.name(), null, stoppedAt));
            fixture.jobs.begin(new Journal(CycleFixture.APP, "User", first, "create", "cycle-stopped", stoppedAt));

            CycleSummary summary = fixture.cycle();

            assertThat(summary.completed()).isTrue();
            assertThat(fixture.jobs.unfinished(CycleFixture.APP)).isEmpty();
            LogQuery records = new LogQuery(CycleFixture.APP, first, null, null, "cycle-stopped", null, null, 10, null);
            assertThat(new ProvisioningLogStore(fixture.database).search(records).records()).as("records of %s in the resumed cycle", first)
                    .hasSize(1);
        }
    }
}
