package io.provisor.cycle;

import io.provisor.scimtarget.FaultProxy;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's {@code commitLingerMillis}: how long a cycle's outcomes gather before they are committed together. Each
 * test stops a cycle at its third create (held at the proxy) and looks at what the store holds of the first two.
 */
class CommitLingerTest extends ProxiedCycleTest {

    /** What a test checks of a fixture. */
    private interface Check {
        void on(CycleFixture fixture) throws Exception;
    }

    @Test
    void with_no_linger_each_outcome_is_committed_as_it_arrives() throws Exception {
        cycleHeldAtTheThirdCreate(0, fixture -> {
            long logged = 0;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); logged < 2 && System.nanoTime() < deadline; ) {
                logged = loggedCreates(fixture);
                Thread.onSpinWait();
            }
            assertThat(logged).as("creates logged while the third is held").isEqualTo(2);
        }, fixture -> { });
    }

    @Test
    void with_a_long_linger_outcomes_wait_for_it_and_the_end_of_the_cycle_commits_them() throws Exception {
        cycleHeldAtTheThirdCreate(JobSettings.MAX_COMMIT_LINGER_MILLIS, fixture -> {
            // the two accounts exist in the target, but their outcomes wait in the writer's linger: still none
            // logged well past the default linger (50 ms), which a writer ignoring the app's setting would use
            assertThat(target.users()).hasSize(2);
            for (long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500); System.nanoTime() < until; ) {
                assertThat(loggedCreates(fixture)).isZero();
            }
        }, fixture -> assertThat(loggedCreates(fixture)).isEqualTo(target.users().size() + target.groups().size()));
    }

    /**
     * Runs a cycle of the samples with this linger and one worker: {@code whileHeld} while its third create waits at the
     * proxy, {@code afterwards} once the cycle has completed.
     */
    private void cycleHeldAtTheThirdCreate(int lingerMillis, Check whileHeld, Check afterwards) throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(),
                settings -> settings.put("commitLingerMillis", lingerMillis).put("concurrency", 1))) {
            fixture.importSamples();
            proxy.on("POST", "/Users").times(2).delay(Duration.ZERO);
            FaultProxy.Rule third = proxy.on("POST", "/Users").times(1).hold();
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<CycleSummary> cycle = runner.submit(fixture::cycle);
                assertThat(third.awaitHeld(Duration.ofSeconds(30))).isTrue();
                whileHeld.on(fixture);
                third.release();
                assertThat(cycle.get(60, TimeUnit.SECONDS).completed()).isTrue();
                afterwards.on(fixture);
            } finally {
                third.release();
                runner.shutdownNow();
            }
        }
    }

    private static long loggedCreates(CycleFixture fixture) {
        return new ProvisioningLogStore(fixture.database).search(new LogQuery(CycleFixture.APP, null, "create", null, null, null, null,
                500, null)).records().size();
    }
}
