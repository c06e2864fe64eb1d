package io.provisor.cycle;

import io.provisor.connector.ConnectorException;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.DecisionFailed;
import io.provisor.model.Action;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The users of an initial cycle, a chunk at a time per worker, each through the same pipeline as
 * {@link UserSync#process} but with the chunk's journal entries riding with the outcome writer's commits
 * instead of a durable commit per write: read the chunk's links, journal entries and facts together; read
 * and match the chunk's users in the target and decide, a part of {@link #PART} users at a time, handing the
 * entries of each part's writes over as it is decided; then send each part's writes once its
 * entries are committed. The journal still precedes every write, so a crash anywhere recovers as before (an entry
 * whose write was never sent is matched, finds nothing and creates). A user whose request fails goes
 * on alone, exactly as in {@code process}: retried when throttled or unanswered, else logged and escrowed.
 */
final class UserChunks {

    /** Fewest users per chunk: a chunk's reads are shared by at least this many users. */
    static final int MIN_SIZE = 25;
    /**
     * Most users per chunk. Each chunk costs a few reads (links, journal entries, facts) whatever its size, so larger
     * chunks share them among more users. But a chunk's users live until it ends: a chunk of 1,000 kept their facts
     * and decisions for seconds, through several young collections, and the collector copied them to the old
     * generation, which then filled and needed full collections (against the SCIM-SDK sandbox in the same JVM, with
     * 100,000 users: 8-12 MB promoted per young collection against about 3 MB with chunks of 100, and the collector's
     * CPU per user a quarter to a third lower; README, "Session 27").
     */
    static final int MAX_SIZE = 100;
    /**
     * About how long a chunk should take at the target's pace. Its users stay locked until it ends, so a provision on
     * demand for one of them waits up to this long; against a target needing 0.3 s a user, a chunk of {@link #MAX_SIZE}
     * would take 30 s.
     */
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Users for a chunk: {@code paced} (what the latest chunk's rate gets through in {@link #HOLD_NANOS}), but no more
     * than lets every worker get two chunks, since a chunk's requests go out one after the other and a small cycle
     * with a few large chunks would leave the target's allowed concurrency unused.
     */
    static int size(long users, int workers, int paced) {
        return (int) Math.max(MIN_SIZE, Math.min(paced, users / (2L * workers)));
    }

    /**
     * The pace after a chunk of {@code users} took {@code nanos}: the size that would have taken {@link #HOLD_NANOS} at
     * that chunk's rate, within {@link #MIN_SIZE} and {@link #MAX_SIZE}.
     */
    static int paced(int users, long nanos) {
        long fits = nanos <= 0 ? MAX_SIZE : users * HOLD_NANOS / nanos;
        return (int) Math.max(MIN_SIZE, Math.min(MAX_SIZE, fits));
    }

    /**
     * Users whose journal entries are handed over together. A chunk hands over its entries a part at a time while it
     * decides, then sends the parts' writes in order, so each part's entries have the rest of the chunk's deciding and the
     * earlier parts' writes to get committed. With two halves, the second half's entries had only the first half's
     * writes: the POSTs of 50 users take less than the writer's linger and commit, and the workers spent 6 % of their
     * wall-clock time waiting for that commit (async-profiler, wall clock, 100,000 users, SCIM-SDK sandbox).
     */
    static final int PART = 10;

    private final JobContext job;
    private final UserSync users;
    private final OutcomeWriter outcomes;
    /** The size that would have taken {@link #HOLD_NANOS} at the rate of the cycle's latest chunk; the first is the smallest. */
    private final AtomicInteger pace = new AtomicInteger(MIN_SIZE);

    UserChunks(JobContext job, UserSync users, OutcomeWriter outcomes) {
        this.job = job;
        this.users = users;
        this.outcomes = outcomes;
    }

    /** Users for the cycle's next chunk, of {@code users} in all shared by {@code workers}: see {@link #size}. */
    int nextSize(long users, int workers) {
        return size(users, workers, pace.get());
    }

    /** A prepared user waiting for the chunk's journal commit. */
    private record Pending(EvaluationInput imported, Link link, UserSync.Prepared prepared, Duration took) {
    }

    /**
     * The users in {@code [from, to)} of a chunk, read, matched and decided, with the journal entries of their writes
     * on their way to the store. Sending those writes goes through {@link Chunk#act(Part)}, which waits for exactly
     * these entries first, so no part can send before its own entries are committed.
     */
    private record Part(int from, int to, OutcomeWriter.Begun journaled) {
    }

    /**
     * Processes the users (all locked until their outcomes are committed), each counted in {@code progress} as soon as it
     * is done: the cycle's status moves user by user, and a chunk keeps no user's log record, facts or decision past
     * its outcome (in a chunk of 1,000 they lived for seconds, through many young collections).
     */
    void process(List<String> userIds, String cycleId, DeletionMode deletions, CycleProgress progress,
                 BooleanSupplier cycleFailed) {
        Runnable unlock = job.locks().acquireAll(job.app(), UserSync.USER, userIds);
        long locked = System.nanoTime();
        try {
            locked(userIds, cycleId, deletions, progress, cycleFailed);
            pace.set(paced(userIds.size(), System.nanoTime() - locked));
        } finally {
            outcomes.afterAttempt(unlock);
        }
    }

    private void locked(List<String> userIds, String cycleId, DeletionMode deletions, CycleProgress progress,
                        BooleanSupplier cycleFailed) {
        Map<String, Link> links = new HashMap<>();
        job.jobs().links(job.app(), UserSync.USER, userIds).forEach(link -> links.put(link.sourceId(), link));
        Map<String, Journal> interrupted = new HashMap<>();
        job.jobs().journals(job.app(), UserSync.USER, userIds).forEach(journal -> interrupted.put(journal.sourceId(), journal));
        // the chunk's own copy: each user's facts are dropped from it once decided
        Map<String, EvaluationInput> facts = new HashMap<>(job.directory().factsBatch(job.app(), userIds, Map.of()));
        Chunk chunk = new Chunk(userIds, links, interrupted, facts, cycleId, deletions, progress, cycleFailed);

        // Parts, so that no worker waits for a journal commit: a part's entries are committed while the later parts
        // are read and matched and the earlier parts' writes are sent.
        List<Part> parts = new ArrayList<>();
        for (int from = 0; from < userIds.size(); from += PART) {
            parts.add(chunk.prepare(from, Math.min(from + PART, userIds.size())));
        }
        parts.forEach(chunk::act);
    }

    /** One chunk's users between their reads and their outcomes. */
    private final class Chunk {
        final List<String> userIds;
        final Map<String, Link> links;
        final Map<String, Journal> interrupted;
        final Map<String, EvaluationInput> facts;
        final String cycleId;
        final DeletionMode deletions;
        final CycleProgress progress;
        final BooleanSupplier cycleFailed;
        final Pending[] pending;

        Chunk(List<String> userIds, Map<String, Link> links, Map<String, Journal> interrupted, Map<String, EvaluationInput> facts,
              String cycleId, DeletionMode deletions, CycleProgress progress, BooleanSupplier cycleFailed) {
            this.userIds = userIds;
            this.links = links;
            this.interrupted = interrupted;
            this.facts = facts;
            this.cycleId = cycleId;
            this.deletions = deletions;
            this.progress = progress;
            this.cycleFailed = cycleFailed;
            this.pending = new Pending[userIds.size()];
        }

        /** Reads, matches and decides the users in {@code [from, to)}; hands the journal entries of their writes over. */
        Part prepare(int from, int to) {
            List<Journal> writes = new ArrayList<>();
            for (int i = from; i < to; i++) {
                stopIf(cycleFailed);
                String id = userIds.get(i);
                Instant started = job.clock().instant();
                Link link = links.get(id);
                EvaluationInput imported = UserSync.imported(id, link, facts.remove(id));
                if (imported == null) {
                    progress.record(ObjectResult.NOTHING);
                    continue;
                }
                UserSync.Prepared prepared;
                try {
                    prepared = users.prepare(imported, link, cycleId, null, started, Retries.NONE);
                } catch (ConnectorException | DecisionFailed e) {
                    // this user goes on alone, its failed first attempt handled as process() handles it
                    progress.record(users.withRetries(imported, link, cycleId, null, deletions, started, progress, () -> {
                        throw e;
                    }));
                    continue;
                }
                if (prepared.finished() != null) {
                    progress.record(prepared.finished());
                    continue;
                }
                pending[i] = new Pending(imported, link, prepared, Duration.between(started, job.clock().instant()));
                Action write = users.write(prepared, deletions);
                if (write != null) {
                    writes.add(users.journal(id, write, cycleId));
                }
            }
            return new Part(from, to, outcomes.handOver(writes));
        }

        /** Sends the part's prepared writes once their journal entries are committed. */
        void act(Part part) {
            part.journaled().await();
            for (int i = part.from(); i < part.to(); i++) {
                Pending p = pending[i];
                if (p == null) {
                    continue;
                }
                pending[i] = null;
                stopIf(cycleFailed);
                Journal before = interrupted.get(userIds.get(i));
                // the log's duration counts this user's own work, not the time it waited for the rest of the chunk
                Instant started = job.clock().instant().minus(p.took());
                progress.record(users.withRetries(p.imported(), p.link(), cycleId, null, deletions, started, progress,
                        () -> users.act(p.prepared(), p.link(), before, true, cycleId, null, deletions, started, Retries.NONE)));
            }
        }
    }

    /**
     * Once the cycle has failed (another worker's object) or the worker is interrupted, the chunk's remaining
     * users are left alone, as the users no worker had taken yet are: unlogged, so the resumed cycle processes
     * them (and recovers any whose write was journaled).
     */
    private static void stopIf(BooleanSupplier cycleFailed) {
        if (cycleFailed.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("the cycle stopped before the rest of its chunk of users was processed");
        }
    }
}
