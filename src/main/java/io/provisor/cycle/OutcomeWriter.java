package io.provisor.cycle;

import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobStore;
import io.provisor.store.ObjectCommit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the outcomes of processed objects (link, log record, escrow, staged deletion) are committed.
 *
 * <p>{@link #immediate} commits in the caller, as provision on demand needs. {@link #batched}, for
 * cycles, hands outcomes to a thread of its own that commits what arrives within a short linger in one transaction:
 * a durable commit costs about as much as deciding a user, and a cycle of many objects would otherwise
 * pay it once per object. Nothing is lost by waiting: the object's lock is held until its outcome is
 * committed, a target write was journaled before it was sent (so a crash before the commit is recovered
 * by the next cycle), and the cycle's resume cursor only moves past outcomes that are committed.
 *
 * <p>The journal entries a worker {@link #handOver hands over} go through the same thread and share the commit
 * of the outcomes waiting with them. On H2 every commit writes out all the pages changed since the last
 * one, whoever changed them, so the workers' own journal commits doubled the number of commits. (Measured on
 * H2, the CPU moved from the workers to this thread rather than shrinking.)
 */
final class OutcomeWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);

    /** Outcomes waiting beyond this make the workers wait: memory stays bounded if the database is slow. */
    static final int CAPACITY = 1_000;
    /** At most this many outcomes per transaction. */
    static final int BATCH = 200;

    private sealed interface Item permits Commit, Begun, AfterCommit, Stop {
    }

    private record Stop() implements Item {
    }

    private record Commit(ObjectCommit commit) implements Item {
    }

    /**
     * Journal entries on their way to the store, handed over by {@link #handOver}. They ride with the next commit
     * unless someone {@link #await awaits} them first, which makes them urgent.
     */
    static final class Begun implements Item {
        private static final Begun COMMITTED = new Begun(List.of(), null);

        private final List<Journal> journals;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final OutcomeWriter writer;
        private volatile boolean urgent;

        private Begun(List<Journal> journals, OutcomeWriter writer) {
            this.journals = journals;
            this.writer = writer;
            if (writer == null) {
                done.complete(null);
            }
        }

        /** Returns once the entries are committed; throws if they, or an outcome before them, could not be. */
        void await() {
            if (!done.isDone()) {
                urgent = true;
                LockSupport.unpark(writer.thread); // ends the writer's linger; see gather
            }
            try {
                done.join(); // not interruptible: the entries may be committed already, the caller keeps its interrupt
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Runs once everything queued before it is committed; {@code always}: even after a failed commit;
     * {@code urgent}: a thread is waiting for it, so the writer commits without gathering more.
     */
    private record AfterCommit(Runnable action, boolean always, boolean urgent) implements Item {
    }

    /** After this many committed outcomes, and after ten times as many each time again, the store's statistics are refreshed. */
    static final long FIRST_ANALYZE = 1_000;

    private final JobStore jobs;
    private final BlockingQueue<Item> queue;
    private final long lingerNanos;
    /** Touched by the writer's thread only. */
    private long committed;
    private long analyzeAt = FIRST_ANALYZE;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private OutcomeWriter(JobStore jobs, String name, long lingerNanos) {
        this.jobs = jobs;
        this.queue = name == null ? null : new LinkedBlockingQueue<>(CAPACITY);
        this.lingerNanos = lingerNanos;
        this.thread = name == null ? null : new Thread(this::drain, name);
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    static OutcomeWriter immediate(JobStore jobs) {
        return new OutcomeWriter(jobs, null, 0);
    }

    /**
     * A writer on a thread of its own that gathers outcomes for {@code lingerNanos} (the app's
     * {@link JobSettings#commitLinger}) before it commits them, unless someone waits for the commit. On H2 most of a
     * commit's cost is rewriting the root and inner pages of every index it touched, whatever the number of rows.
     * Committing whatever had queued made batches of about 3 outcomes in a 5,000-user cycle; with a 50 ms linger they
     * hold about 30 and the cycle's JVM needs about a fifth less CPU against SCIMMY. A crash loses nothing more: a write
     * is journaled before it is sent, and locks and the resume cursor wait for this commit.
     */
    static OutcomeWriter batched(JobStore jobs, String threadName, long lingerNanos) {
        return new OutcomeWriter(jobs, threadName, lingerNanos);
    }

    void commit(ObjectCommit commit) {
        if (queue == null) {
            jobs.commit(commit);
        } else {
            throwIfFailed();
            put(new Commit(commit));
        }
    }

    /**
     * Hands journal entries over to be committed with the outcomes that come with them; {@link Begun#await} before
     * their writes are sent. Not waiting for them at once lets a worker prepare more users meanwhile, and the
     * entries add no commit of their own when the linger commits them before anyone waits.
     */
    Begun handOver(List<Journal> journals) {
        if (journals.isEmpty()) {
            return Begun.COMMITTED;
        }
        if (queue == null) {
            jobs.beginAll(journals);
            return Begun.COMMITTED;
        }
        throwIfFailed();
        Begun begun = new Begun(List.copyOf(journals), this);
        put(begun);
        return begun;
    }

    /** Runs the action once the outcomes handed over so far are committed; never if one of them failed. */
    void afterCommit(Runnable action) {
        enqueue(action, false);
    }

    /** Runs the action once the outcomes handed over so far are committed or have failed (releasing a lock, say). */
    void afterAttempt(Runnable action) {
        enqueue(action, true);
    }

    /** Waits until every outcome handed over so far is committed; throws the first failure. */
    void awaitCommitted() {
        if (queue != null) {
            CountDownLatch done = new CountDownLatch(1);
            put(new AfterCommit(done::countDown, true, true));
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for outcomes to be committed", e);
            }
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private void enqueue(Runnable action, boolean always) {
        if (queue == null) {
            action.run();
        } else {
            put(new AfterCommit(action, always, false));
        }
    }

    /**
     * Hands an item over even if this thread is interrupted (a failed cycle interrupts its workers): a lock
     * release that were dropped here would keep the object locked for good. The interrupt is kept for after.
     */
    private void put(Item item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (urgent(item) || queue.size() >= BATCH) {
            LockSupport.unpark(thread); // ends the linger early; see gather
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<Item> items = new ArrayList<>(BATCH);
        boolean stop = false;
        while (!stop) {
            items.add(takeUninterruptibly());
            gather(items);
            stop = items.stream().anyMatch(Stop.class::isInstance);
            write(items);
            items.clear();
        }
    }

    /**
     * Adds what arrives within the linger after the first item, up to a batch or an item that must not wait. The
     * thread sleeps through the linger and takes what queued at its end: waiting on the queue instead woke it for
     * every outcome a worker handed over (each a futex wake-up and a context switch on both sides). A worker wakes it
     * early for an urgent item or a full batch ({@link #put}).
     */
    private void gather(List<Item> items) {
        long deadline = System.nanoTime() + lingerNanos;
        queue.drainTo(items, BATCH - items.size());
        while (items.size() < BATCH && items.stream().noneMatch(OutcomeWriter::urgent)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
            queue.drainTo(items, BATCH - items.size());
            if (Thread.interrupted()) {
                return; // only close() stops this thread; commit what is gathered
            }
        }
    }

    private static boolean urgent(Item item) {
        return item instanceof Stop || item instanceof Begun begun && begun.urgent || item instanceof AfterCommit after && after.urgent();
    }

    private Item takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only close() stops this thread, after what is queued is written
            }
        }
    }

    private void write(List<Item> items) {
        int from = 0;
        while (from < items.size()) {
            int to = endOfTransaction(items, from);
            commit(items.subList(from, to));
            from = to;
        }
        boolean failed = failure.get() != null;
        for (Item item : items) {
            if (item instanceof AfterCommit after && (after.always() || !failed)) {
                after.action().run();
            } else if (item instanceof Begun begun) {
                if (failed) {
                    begun.done.completeExceptionally(failure.get());
                } else {
                    begun.done.complete(null);
                }
            }
        }
        // after the actions, so that no lock or waiter waits for it
        if (!failed && committed >= analyzeAt) {
            analyzeAt *= 10; // geometric: a few refreshes per cycle of any size, each when the tables have grown tenfold
            analyze();
        }
    }

    /**
     * Items from {@code from} that one transaction can hold: it writes the journal entries before the outcomes,
     * so it ends before an entry for an object whose outcome it already holds (which the object's lock rules
     * out in a cycle, where the entry's write and so its outcome come after the entry's commit).
     */
    private static int endOfTransaction(List<Item> items, int from) {
        Set<String> outcomes = new HashSet<>();
        for (int i = from; i < items.size(); i++) {
            if (items.get(i) instanceof Commit c) {
                outcomes.add(key(c.commit().app(), c.commit().objectType(), c.commit().sourceId()));
            } else if (items.get(i) instanceof Begun b && i > from
                    && b.journals.stream().anyMatch(j -> outcomes.contains(key(j.app(), j.objectType(), j.sourceId())))) {
                return i;
            }
        }
        return items.size();
    }

    private static String key(String app, String objectType, String sourceId) {
        return app + '\u0000' + objectType + '\u0000' + sourceId;
    }

    private void commit(List<Item> items) {
        List<Journal> begun = new ArrayList<>();
        List<ObjectCommit> commits = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Commit c) {
                commits.add(c.commit());
            } else if (item instanceof Begun b) {
                begun.addAll(b.journals);
            }
        }
        if ((commits.isEmpty() && begun.isEmpty()) || failure.get() != null) {
            return;
        }
        try {
            jobs.commitAll(begun, commits);
            committed += commits.size();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Outdated statistics only make the cycle slower: a failure to refresh them is logged, not raised. */
    private void analyze() {
        try {
            jobs.analyzeOutcomes();
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the store's statistics after {} outcomes: {}", committed, e.toString());
        }
    }

    /** Commits what is still queued, runs the actions waiting for it, and stops the thread. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                queue.put(new Stop());
                LockSupport.unpark(thread); // ends the linger: nothing more is coming
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
