package io.provisor.cycle;

import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import io.provisor.store.Database;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobStore;
import io.provisor.store.ObjectCommit;
import io.provisor.store.StoreException;
import io.provisor.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OutcomeWriterTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    Database database;
    JobStore jobs;

    @BeforeEach
    void open() {
        database = Database.open(StoreSettings.embedded(dir));
        jobs = new JobStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A cycle's writer with the default linger. */
    static OutcomeWriter batched(JobStore jobs) {
        return OutcomeWriter.batched(jobs, "test-outcomes", JobSettings.DEFAULTS.commitLinger().toNanos());
    }

    static ObjectCommit outcome(String userId, LogEntry entry) {
        return new ObjectCommit("crm", "User", userId, new Link("crm", "User", userId, "t-" + userId, userId, NOW, "c1"), false, null,
                null, null, List.of(entry));
    }

    static LogEntry entry(String userId) {
        return new LogEntry(UUID.randomUUID().toString(), NOW, "crm", "c1", null, LogEntry.LoggedAction.CREATE, StepStatus.SUCCESS,
                "NoMatchFound", "EntryExportAdd", null, List.of(), List.of(), new LogEntry.Identity(userId, userId, null, "User"), null,
                "rev1", 3);
    }

    boolean linked(String userId) {
        return jobs.link("crm", "User", userId).isPresent();
    }

    @Test
    void an_action_after_commit_sees_every_outcome_handed_over_before_it_in_the_store() {
        Set<String> seenByAction = ConcurrentHashMap.newKeySet();
        try (OutcomeWriter writer = batched(jobs)) {
            for (int i = 0; i < 500; i++) {
                String user = "u" + i;
                writer.commit(outcome(user, entry(user)));
                writer.afterCommit(() -> {
                    if (linked(user)) {
                        seenByAction.add(user);
                    }
                });
            }
            writer.awaitCommitted();
            assertThat(seenByAction).hasSize(500);
        }
        assertThat(jobs.loggedInCycle("crm", "c1", null)).hasSize(500).contains("u0", "u250", "u499");
    }

    @Test
    void a_refused_outcome_fails_the_writer_and_later_actions_run_only_if_they_must() {
        LogEntry duplicate = entry("u1");
        List<String> ran = new CopyOnWriteArrayList<>();
        try (OutcomeWriter writer = batched(jobs)) {
            writer.commit(outcome("u1", duplicate));
            writer.awaitCommitted();
            writer.commit(outcome("u2", duplicate)); // the same log id again: the database refuses it
            writer.afterCommit(() -> ran.add("checkpoint"));
            writer.afterAttempt(() -> ran.add("unlock"));

            assertThatThrownBy(writer::awaitCommitted).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> writer.commit(outcome("u3", entry("u3")))).isInstanceOf(StoreException.class);
        }
        assertThat(ran).containsExactly("unlock");
        assertThat(linked("u1")).isTrue();
        assertThat(linked("u2")).isFalse();
        assertThat(linked("u3")).isFalse();
    }

    @Test
    void closing_commits_what_is_still_queued_and_runs_its_actions() {
        List<String> ran = new CopyOnWriteArrayList<>();
        OutcomeWriter writer = batched(jobs);
        writer.commit(outcome("u1", entry("u1")));
        writer.afterAttempt(() -> ran.add("unlock u1"));
        writer.close();

        assertThat(linked("u1")).isTrue();
        assertThat(ran).containsExactly("unlock u1");
    }

    @Test
    void an_interrupted_worker_still_hands_over_its_lock_release() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        boolean[] stillInterrupted = new boolean[1];
        try (OutcomeWriter writer = batched(jobs)) {
            Thread worker = new Thread(() -> {
                Thread.currentThread().interrupt(); // as a failed cycle's shutdown does to its workers
                writer.afterAttempt(() -> ran.add("unlock"));
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            });
            worker.start();
            worker.join();
            writer.awaitCommitted();
        }
        assertThat(ran).containsExactly("unlock");
        assertThat(stillInterrupted[0]).isTrue();
    }

    @Test
    void immediate_commits_in_the_caller_and_runs_actions_at_once() {
        List<String> ran = new CopyOnWriteArrayList<>();
        OutcomeWriter writer = OutcomeWriter.immediate(jobs);
        writer.commit(outcome("u1", entry("u1")));
        assertThat(linked("u1")).isTrue();
        writer.afterCommit(() -> ran.add("done"));
        assertThat(ran).containsExactly("done");
    }

    static Journal journal(String userId) {
        return new Journal("crm", "User", userId, "CREATE", "c1", NOW);
    }

    boolean journaled(String userId) {
        return jobs.journal("crm", "User", userId).isPresent();
    }

    @Test
    void handed_over_journal_entries_are_committed_when_await_returns_together_with_the_outcomes_waiting() {
        try (OutcomeWriter writer = batched(jobs)) {
            writer.commit(outcome("u1", entry("u1"))); // lingers: nothing waits for it
            writer.handOver(List.of(journal("u2"), journal("u3"))).await();

            assertThat(journaled("u2")).isTrue();
            assertThat(journaled("u3")).isTrue();
            assertThat(linked("u1")).isTrue();
        }
    }

    @Test
    void handed_over_entries_ride_with_the_next_commit_when_nobody_awaits_them() throws Exception {
        try (OutcomeWriter writer = batched(jobs)) {
            writer.handOver(List.of(journal("u1")));
            CountDownLatch committed = new CountDownLatch(1);
            writer.afterCommit(committed::countDown); // not urgent: runs after the linger's commit

            assertThat(committed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(journaled("u1")).isTrue();
        }
    }

    @Test
    void awaiting_handed_over_entries_commits_them_at_once_instead_of_after_the_linger() {
        try (OutcomeWriter writer = OutcomeWriter.batched(jobs, "test-outcomes", TimeUnit.HOURS.toNanos(1))) {
            writer.commit(outcome("u1", entry("u1")));
            OutcomeWriter.Begun begun = writer.handOver(List.of(journal("u2")));

            assertTimeoutPreemptively(Duration.ofSeconds(30), begun::await);
            assertThat(journaled("u2")).isTrue();
            assertThat(linked("u1")).as("the outcome waiting before them shares the commit").isTrue();
        }
    }

    @Test
    void an_entry_begun_after_the_same_objects_outcome_survives_that_outcome() {
        try (OutcomeWriter writer = batched(jobs)) {
            writer.handOver(List.of(journal("u1"))).await();
            writer.commit(outcome("u1", entry("u1"))); // ends u1's first entry
            writer.handOver(List.of(journal("u1"))).await(); // the next write's entry, likely in the same transaction batch

            assertThat(linked("u1")).isTrue();
            assertThat(journaled("u1")).isTrue();
        }
    }

    @Test
    void await_throws_once_an_outcome_was_refused_and_the_entries_are_not_committed() {
        LogEntry duplicate = entry("u1");
        try (OutcomeWriter writer = batched(jobs)) {
            writer.commit(outcome("u1", duplicate));
            writer.awaitCommitted();
            writer.commit(outcome("u2", duplicate)); // refused, in the same transaction as the entry below

            assertThatThrownBy(() -> writer.handOver(List.of(journal("u3"))).await()).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> writer.handOver(List.of(journal("u4"))).await()).isInstanceOf(StoreException.class);
        }
        assertThat(journaled("u3")).isFalse();
        assertThat(journaled("u4")).isFalse();
    }
}
