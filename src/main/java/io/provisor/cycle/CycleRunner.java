package io.provisor.cycle;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import io.provisor.model.Change;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.store.Candidates;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Staged;
import io.provisor.store.ObjectCommit;
import io.provisor.store.Rows.Member;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one cycle of one app: test the connection, finish writes a crash interrupted, process the cycle's
 * users and then its groups with bounded concurrency, apply the accidental-deletion check, and record
 * the outcome (watermark, quarantine, summary). Only work that is committed moves the watermark.
 */
final class CycleRunner {

    private static final int CHANGE_PAGE = 1000;
    /**
     * Candidates between two saves of an initial cycle's resume cursor. Each save is a durable commit of its own,
     * from another thread than the outcome writer's: every 200 candidates made 500 more commits in a 100,000-user
     * cycle. A resumed cycle skips the candidates already logged in it anyway, so a cursor further back only costs
     * that check for up to this many more.
     */
    private static final int CURSOR_EVERY = 2_000;
    private static final int ESCROW_BATCH = 10_000;

    private final JobContext job;
    private final Candidates candidates;
    private final OutcomeWriter outcomes;
    private final UserSync users;
    private final UserChunks chunks;
    private final GroupSync groups;

    /** {@code outcomes}: where users' outcomes go, closed by the caller after {@link #run}. */
    CycleRunner(JobContext job, Candidates candidates, OutcomeWriter outcomes) {
        this.job = job;
        this.candidates = candidates;
        this.outcomes = outcomes;
        this.users = new UserSync(job, outcomes);
        this.chunks = new UserChunks(job, users, outcomes);
        this.groups = new GroupSync(job);
    }

    /** Runs the cycle to its end; target-wide failures end in quarantine, other failures are thrown after the state is saved. */
    CycleSummary run(CycleProgress progress) {
        Job state = job.jobs().job(job.app()).orElse(Job.notRun(job.app()));
        boolean resuming = progress.cycleId().equals(state.cycleId());
        String cursor = resuming ? state.cycleCursor() : null;
        long head = candidates.head();
        job.jobs().saveJob(state.withCycle(progress.cycleId(), progress.kind().name(), cursor, progress.startedAt()));
        try {
            testConnection();
            try (Workers workers = Workers.forTarget(job.settings().concurrency(), "cycle-" + job.app())) {
                recover(progress, workers);
                switch (progress.kind()) {
                    case INITIAL -> initial(progress, workers, cursor, resuming);
                    case INCREMENTAL -> incremental(progress, workers, state.watermark() == null ? 0 : state.watermark(), head);
                    case RELEASE -> release(progress, workers);
                    case ON_DEMAND -> throw new IllegalArgumentException("on-demand provisioning does not run as a cycle");
                }
                long held = progress.kind() == CycleKind.RELEASE ? 0 : checkDeletions(progress, workers);
                return finish(progress, head, held);
            }
        } catch (TargetUnavailable e) {
            return unavailable(progress, e.error());
        } catch (RuntimeException e) {
            Job now = job.jobs().job(job.app()).orElse(state);
            job.jobs().saveJob(now.withLastCycle(CycleSummary.failed(progress, e.getMessage(), job.clock().instant()).json()));
            throw e;
        }
    }

    private void testConnection() {
        try {
            job.target().testConnection();
        } catch (ConnectorException e) {
            TargetError error = e.error();
            throw new TargetUnavailable(error.ofWholeApp("test connection failed: " + error.reason()));
        }
    }

    /** Objects whose target write started but whose outcome was never recorded: process them again first. */
    private void recover(CycleProgress progress, Workers workers) {
        List<Journal> unfinished = job.jobs().unfinished(job.app());
        progress.addExpected(unfinished.size());
        for (Journal journal : unfinished) {
            workers.submit(() -> progress.record(GroupSync.GROUP.equals(journal.objectType())
                    ? groups.process(journal.sourceId(), progress.cycleId(), null, DeletionMode.HOLD, progress)
                    : users.process(journal.sourceId(), progress.cycleId(), null, DeletionMode.HOLD, progress)));
        }
        awaitAll(workers);
    }

    private void initial(CycleProgress progress, Workers workers, String cursor, boolean resuming) {
        boolean all = job.rules().app().isSyncAll();
        boolean withGroups = job.rules().app().groups().enabled() || job.jobs().linkCount(job.app(), GroupSync.GROUP) > 0;
        long users = candidates.countUsers(job.app(), all);
        progress.addExpected(users + (withGroups ? candidates.countGroups(job.app(), all) : 0));
        Checkpoint checkpoint = new Checkpoint(cursor);
        Set<String> logged = resuming ? job.jobs().loggedInCycle(job.app(), progress.cycleId(), cursor) : Set.of();
        List<String> batch = new ArrayList<>();
        int[] submitted = {0};
        // each batch of candidates is one chunk, less the users a resumed cycle has logged already
        Runnable flush = () -> {
            List<String> chunk = new ArrayList<>();
            List<Long> tickets = new ArrayList<>();
            for (String id : batch) {
                long ticket = checkpoint.submitted(id);
                if (logged.contains(id)) {
                    checkpoint.done(ticket);
                    progress.addExpected(-1);
                } else {
                    chunk.add(id);
                    tickets.add(ticket);
                }
                if (++submitted[0] % CURSOR_EVERY == 0) {
                    job.jobs().saveCursor(job.app(), progress.cycleId(), checkpoint.cursor());
                }
            }
            if (!chunk.isEmpty()) {
                workers.submit(() -> {
                    chunks.process(chunk, progress.cycleId(), DeletionMode.HOLD, progress, workers::failed);
                    outcomes.afterCommit(() -> tickets.forEach(checkpoint::done)); // resume never skips an outcome not yet saved
                });
            }
            batch.clear();
        };
        candidates.users(job.app(), all, cursor, id -> {
            batch.add(id);
            if (batch.size() >= chunks.nextSize(users, workers.threads())) { // the pace the latest chunk set
                flush.run();
            }
        });
        flush.run();
        awaitAll(workers);
        job.jobs().saveCursor(job.app(), progress.cycleId(), checkpoint.cursor());
        if (withGroups) {
            candidates.groups(job.app(), all, id -> workers.submit(() ->
                    progress.record(groups.process(id, progress.cycleId(), null, DeletionMode.HOLD, progress))));
            awaitAll(workers);
        }
    }

    /** The users and groups the changes after the watermark touch, and the escrows that are due. */
    private void incremental(CycleProgress progress, Workers workers, long watermark, long head) {
        Affected affected = new Affected();
        long after = watermark;
        while (after < head) {
            List<Change> page = job.directory().changes(after, CHANGE_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Change change : page) {
                if (change.seq() > head) {
                    break;
                }
                affected.add(change);
            }
            after = page.get(page.size() - 1).seq();
        }
        for (Escrow escrow : job.jobs().dueEscrows(job.app(), job.clock().instant(), ESCROW_BATCH)) {
            (GroupSync.GROUP.equals(escrow.objectType()) ? affected.groups : affected.users).putIfAbsent(escrow.sourceId(), null);
        }
        progress.addExpected(affected.users.size() + affected.groups.size());
        affected.users.forEach((id, changeId) -> workers.submit(() ->
                progress.record(users.process(id, progress.cycleId(), changeId, DeletionMode.HOLD, progress))));
        awaitAll(workers);
        affected.groups.forEach((id, changeId) -> workers.submit(() ->
                progress.record(groups.process(id, progress.cycleId(), changeId, DeletionMode.HOLD, progress))));
        awaitAll(workers);
    }

    /** Which objects a change touches: memberships and assignments reach the users they entitle. */
    private final class Affected {
        final Map<String, String> users = new java.util.LinkedHashMap<>();
        final Map<String, String> groups = new java.util.LinkedHashMap<>();

        void add(Change change) {
            String changeId = String.valueOf(change.seq());
            switch (change.objectType()) {
                case USER -> users.putIfAbsent(change.objectId(), changeId);
                case GROUP -> {
                    if (change.type() == Change.Type.MEMBER_ADD || change.type() == Change.Type.MEMBER_REMOVE) {
                        if (!"group".equals(job.directory().store().kindOf(change.relatedId()))) {
                            users.putIfAbsent(change.relatedId(), changeId);
                        }
                    } else {
                        membersOf(change.objectId(), changeId);
                    }
                    groups.putIfAbsent(change.objectId(), changeId);
                }
                case ASSIGNMENT -> {
                    if (!job.app().equals(change.app())) {
                        return;
                    }
                    if ("group".equals(job.directory().store().kindOf(change.objectId()))
                            || job.jobs().link(job.app(), GroupSync.GROUP, change.objectId()).isPresent()) {
                        groups.putIfAbsent(change.objectId(), changeId);
                        membersOf(change.objectId(), changeId);
                    } else {
                        users.putIfAbsent(change.objectId(), changeId);
                    }
                }
            }
        }

        private void membersOf(String groupId, String changeId) {
            for (Member member : job.directory().store().members(groupId)) {
                if (Member.USER.equals(member.type())) {
                    users.putIfAbsent(member.id(), changeId);
                }
            }
        }
    }

    /** The admin allowed the held disables and deletes: send them (each decided again, so a fixed cause sends nothing). */
    private void release(CycleProgress progress, Workers workers) {
        List<Staged> held = job.jobs().staged(job.app());
        progress.addExpected(held.size());
        for (Staged staged : held) {
            workers.submit(() -> progress.record(GroupSync.GROUP.equals(staged.objectType())
                    ? groups.process(staged.sourceId(), progress.cycleId(), null, DeletionMode.SEND, progress)
                    : users.process(staged.sourceId(), progress.cycleId(), null, DeletionMode.SEND, progress)));
        }
        awaitAll(workers);
        job.jobs().clearStaged(job.app());
    }

    /**
     * Entra's accidental-deletion prevention: the cycle's disables and deletes were held; up to the
     * threshold they are sent now, above it every one is logged as stagedDelete and nothing is sent.
     * Returns how many were held back (0 when they were sent).
     */
    private long checkDeletions(CycleProgress progress, Workers workers) {
        List<Staged> held = job.jobs().staged(job.app()).stream().filter(s -> s.cycleId().equals(progress.cycleId())).toList();
        if (held.isEmpty()) {
            return 0;
        }
        int threshold = job.settings().deletionThreshold();
        boolean tooMany = held.size() > threshold;
        DeletionMode mode = tooMany ? DeletionMode.logHeld(held.size(), threshold) : DeletionMode.SEND;
        for (Staged staged : held) {
            String changeId = staged.cause() != null && staged.cause().startsWith("directory change ")
                    ? staged.cause().substring("directory change ".length()) : null;
            workers.submit(() -> progress.record(GroupSync.GROUP.equals(staged.objectType())
                    ? groups.process(staged.sourceId(), progress.cycleId(), changeId, mode, progress)
                    : users.process(staged.sourceId(), progress.cycleId(), changeId, mode, progress)));
        }
        awaitAll(workers);
        return tooMany ? held.size() : 0;
    }

    private CycleSummary finish(CycleProgress progress, long head, long held) {
        Instant now = job.clock().instant();
        Job state = job.jobs().job(job.app()).orElseThrow();
        String reason = held > 0 ? QuarantinePolicy.TOO_MANY_DELETES : QuarantinePolicy.reason(progress, job.settings().quarantine());
        Job next = state;
        if (progress.kind() != CycleKind.RELEASE) {
            next = next.withWatermark(head, job.rules().revision());
        }
        if (reason != null) {
            String error = held > 0 ? held + " disables and deletes held (threshold " + job.settings().deletionThreshold() + ")"
                    : progress.failures() + " of " + progress.processed() + " objects failed";
            next = next.withState(JobState.Quarantine.name()).withQuarantine(QuarantinePolicy.enter(state.quarantine(), reason, error, now));
        } else if (JobState.Quarantine.name().equals(state.state())) {
            next = next.withState(JobState.Active.name()).withQuarantine(null);
        }
        CycleSummary summary = CycleSummary.completed(progress, now, reason);
        job.jobs().saveJob(next.withCycle(null, null, null, null).withLastCycle(summary.json()));
        return summary;
    }

    /** The target is unreachable or refuses our credentials: quarantine at once; an initial cycle resumes where it stopped. */
    private CycleSummary unavailable(CycleProgress progress, TargetError error) {
        Instant now = job.clock().instant();
        Job state = job.jobs().job(job.app()).orElseThrow();
        Job next = state.withState(JobState.Quarantine.name())
                .withQuarantine(QuarantinePolicy.enter(state.quarantine(), QuarantinePolicy.CREDENTIALS,
                        error.code() + ": " + error.reason(), now));
        if (progress.kind() != CycleKind.INITIAL) {
            next = next.withCycle(null, null, null, null);
        }
        LogEntry entry = new LogEntry(Ids.timeOrdered(now), now.truncatedTo(ChronoUnit.MILLIS), job.app(), progress.cycleId(),
                null, LogEntry.LoggedAction.SKIP, StepStatus.FAILURE, error.code(), error.code(),
                new LogEntry.ErrorInformation(error.code(), error.reason(), error.recommendedAction()),
                List.of(new Step(StepType.PROCESSING, "TestConnection", StepStatus.FAILURE, error.reason(),
                        Map.of("Quarantine", QuarantinePolicy.CREDENTIALS))),
                List.of(), null, null, job.rules().revision(), 0);
        job.jobs().commit(new ObjectCommit(job.app(), "Job", job.app(), null, false, null, null, null, List.of(entry)));
        CycleSummary summary = CycleSummary.quarantined(progress, now, error);
        job.jobs().saveJob(next.withLastCycle(summary.json()));
        return summary;
    }

    /** Waits for the queued objects and for their outcomes to be committed, so what follows reads them. */
    private void awaitAll(Workers workers) {
        workers.awaitAll();
        outcomes.awaitCommitted();
    }
}
