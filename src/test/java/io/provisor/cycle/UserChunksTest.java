package io.provisor.cycle;

import io.provisor.scimtarget.FaultProxy;
import io.provisor.store.Candidates;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An initial cycle's users a chunk at a time: one journal commit for the chunk's writes, before the first is sent. */
class UserChunksTest extends ProxiedCycleTest {

    @Test
    void every_create_is_journaled_before_it_is_sent_and_a_chunk_part_is_journaled_before_its_first() throws Exception {
        // a one-minute linger: nothing is committed unless a worker waits for it, so a part whose writes went out without
        // waiting for its journal entries would be caught at its first create
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(),
                settings -> settings.put("concurrency", 1).put("commitLingerMillis", 60_000))) {
            fixture.importSamples();
            List<String> candidates = candidates(fixture);
            List<Set<String>> journaledAtEachCreate = new ArrayList<>();
            List<Set<String>> linkedAtEachCreate = new ArrayList<>();
            FaultProxy.Rule next = proxy.on("POST", "/Users").hold();

            CompletableFuture<CycleSummary> cycle = CompletableFuture.supplyAsync(fixture::cycle);
            while (!cycle.isDone()) { // one worker: each create is held, looked at and let go in turn
                if (next.awaitHeld(Duration.ofMillis(50))) {
                    journaledAtEachCreate.add(journaled(fixture));
                    linkedAtEachCreate.add(linked(fixture, candidates));
                    FaultProxy.Rule held = next;
                    next = proxy.on("POST", "/Users").hold();
                    held.release();
                }
            }
            CycleSummary summary = cycle.get(120, TimeUnit.SECONDS);

            assertThat(summary.completed()).isTrue();
            Set<String> linked = linked(fixture, candidates);
            List<String> created = candidates.stream().filter(linked::contains).toList(); // in the order they were sent
            assertThat(created).hasSizeGreaterThan(2);
            assertThat(journaledAtEachCreate).hasSameSizeAs(created);
            for (int i = 0; i < created.size(); i++) {
                assertThat(journaledAtEachCreate.get(i)).as("create %d, of %s", i + 1, created.get(i)).contains(created.get(i));
            }
            List<String> chunk = candidates.subList(0, Math.min(UserChunks.size(candidates.size(), 1, UserChunks.MIN_SIZE), candidates.size()));
            List<String> firstPart = chunk.subList(0, Math.min(UserChunks.PART, chunk.size()));
            List<String> createdInFirstPart = firstPart.stream().filter(linked::contains).toList();
            assertThat(journaledAtEachCreate.get(0)).as("the first part of the first chunk, journaled in one go")
                    .containsAll(createdInFirstPart);
            assertThat(createdInFirstPart).hasSizeGreaterThan(1);
            assertThat(linkedAtEachCreate.get(1)).as("the app's linger: the first create's outcome waits, as nothing awaits it")
                    .doesNotContain(createdInFirstPart.get(0));
            assertThat(fixture.jobs.unfinished(CycleFixture.APP)).as("every journal entry ended by its outcome").isEmpty();
        }
    }

    @Test
    void a_failed_create_in_a_chunk_is_escrowed_alone_and_the_rest_of_the_chunk_is_created() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 1))) {
            fixture.importSamples();
            proxy.on("POST", "/Users").times(1).serverError();

            CycleSummary cycle = fixture.cycle();

            Map<?, ?> statuses = (Map<?, ?>) cycle.counts().get("statuses");
            assertThat(statuses.get("failure")).isEqualTo(1L);
            assertThat((Long) statuses.get("success")).isGreaterThan(1L);
            assertThat(fixture.provisioning.status(CycleFixture.APP).get("escrows")).isEqualTo(1L);
            assertThat(fixture.jobs.unfinished(CycleFixture.APP)).as("a refused create leaves no journal entry").isEmpty();
        }
    }

    @Test
    void a_chunk_holds_what_took_about_five_seconds_while_every_worker_still_gets_two() {
        assertThat(UserChunks.size(100_000, 8, UserChunks.MAX_SIZE)).isEqualTo(UserChunks.MAX_SIZE);
        assertThat(UserChunks.size(100_000, 8, 60)).isEqualTo(60);
        assertThat(UserChunks.size(1_000, 8, UserChunks.MAX_SIZE)).isEqualTo(62);
        assertThat(UserChunks.size(120, 8, UserChunks.MAX_SIZE)).isEqualTo(UserChunks.MIN_SIZE);
        assertThat(UserChunks.size(0, 8, UserChunks.MAX_SIZE)).isEqualTo(UserChunks.MIN_SIZE);
    }

    @Test
    void the_next_chunk_is_what_the_last_one_did_in_about_five_seconds() {
        long second = TimeUnit.SECONDS.toNanos(1);
        assertThat(UserChunks.paced(12, second)).as("12 users a second: 60 in five").isEqualTo(60);
        assertThat(UserChunks.paced(120, second)).as("120 users a second: 600 in five, so the most").isEqualTo(UserChunks.MAX_SIZE);
        assertThat(UserChunks.paced(25, second / 10)).as("a quick target: the most").isEqualTo(UserChunks.MAX_SIZE);
        assertThat(UserChunks.paced(100, 10 * second)).as("a slow target: 50 in five seconds").isEqualTo(50);
        assertThat(UserChunks.paced(25, 60 * second)).as("never below the least").isEqualTo(UserChunks.MIN_SIZE);
        assertThat(UserChunks.paced(25, 0)).isEqualTo(UserChunks.MAX_SIZE);
    }

    @Test
    void a_quick_chunk_makes_the_next_one_larger_and_a_slow_one_the_smallest() {
        try (CycleFixture fixture = oneWorker(); OutcomeWriter outcomes = OutcomeWriter.immediate(fixture.jobs)) {
            UserChunks chunks = chunksOf(fixture, outcomes);
            List<String> users = candidates(fixture);
            CycleProgress progress = new CycleProgress("c1", CycleKind.INITIAL, fixture.provisioning.context(CycleFixture.APP).clock());
            assertThat(chunks.nextSize(100_000, 1)).as("a cycle starts small").isEqualTo(UserChunks.MIN_SIZE);

            // the sandbox in this JVM creates a dozen users in well under the two seconds that would keep the pace at 25
            chunks.process(users, "c1", DeletionMode.HOLD, progress, () -> false);
            assertThat(chunks.nextSize(100_000, 1)).as("after a quick chunk").isGreaterThan(UserChunks.MIN_SIZE);

            // six linked users, each read back by id at one second a request: over five seconds for six users
            proxy.on("*", "/Users.*").always().delay(Duration.ofSeconds(1));
            chunks.process(users.subList(0, 6), "c1", DeletionMode.HOLD, progress, () -> false);
            assertThat(chunks.nextSize(100_000, 1)).as("after a slow chunk").isEqualTo(UserChunks.MIN_SIZE);
        }
    }

    @Test
    void each_user_of_a_chunk_counts_in_the_progress_as_soon_as_it_is_done() throws Exception {
        try (CycleFixture fixture = oneWorker(); OutcomeWriter outcomes = OutcomeWriter.immediate(fixture.jobs)) {
            UserChunks chunks = chunksOf(fixture, outcomes);
            List<String> users = candidates(fixture);
            CycleProgress progress = new CycleProgress("c1", CycleKind.INITIAL, fixture.provisioning.context(CycleFixture.APP).clock());
            FaultProxy.Rule firstCreate = proxy.on("POST", "/Users").hold();

            CompletableFuture<Void> chunk = CompletableFuture.runAsync(
                    () -> chunks.process(users, "c1", DeletionMode.HOLD, progress, () -> false));
            assertThat(firstCreate.awaitHeld(Duration.ofSeconds(30))).isTrue();
            long beforeFirstCreate = progress.processed(); // the users decided without a write, if any
            FaultProxy.Rule secondCreate = proxy.on("POST", "/Users").hold();
            firstCreate.release();
            assertThat(secondCreate.awaitHeld(Duration.ofSeconds(30))).isTrue();
            assertThat(progress.processed()).as("the first create is counted while the rest of its chunk waits")
                    .isGreaterThan(beforeFirstCreate)
                    .isEqualTo(loggedIn(fixture, users)); // each outcome is committed before the next user's write

            secondCreate.release();
            chunk.get(60, TimeUnit.SECONDS);
            assertThat(progress.processed()).as("every logged user, once the chunk is done").isEqualTo(loggedIn(fixture, users));
        }
    }

    private static long loggedIn(CycleFixture fixture, List<String> users) {
        return fixture.jobs.loggedInCycle(CycleFixture.APP, "c1", null).stream().filter(users::contains).count();
    }

    private CycleFixture oneWorker() {
        return new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 1));
    }

    /** The samples imported, and chunks run straight through {@link UserChunks} with the given writer. */
    private static UserChunks chunksOf(CycleFixture fixture, OutcomeWriter outcomes) {
        fixture.importSamples();
        JobContext job = fixture.provisioning.context(CycleFixture.APP);
        return new UserChunks(job, new UserSync(job, outcomes), outcomes);
    }

    /** The users in the order the cycle streams them (concurrency 1: one worker takes the chunks in that order). */
    private static List<String> candidates(CycleFixture fixture) {
        boolean all = fixture.library.active(CycleFixture.APP).orElseThrow().app().isSyncAll();
        List<String> ids = new ArrayList<>();
        new Candidates(fixture.database).users(CycleFixture.APP, all, null, ids::add);
        return ids;
    }

    private static Set<String> linked(CycleFixture fixture, List<String> candidates) {
        return fixture.jobs.links(CycleFixture.APP, UserSync.USER, candidates).stream().map(Link::sourceId).collect(Collectors.toSet());
    }

    private static Set<String> journaled(CycleFixture fixture) {
        return fixture.jobs.unfinished(CycleFixture.APP).stream().map(Journal::sourceId).collect(Collectors.toSet());
    }
}
