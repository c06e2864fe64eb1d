package io.provisor.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the space of H2 pages that later commits replaced. H2 writes each commit as a new chunk at
 * the end of its file and reuses a chunk's space only once none of its pages is live. Its own background
 * thread moves the few live pages out of mostly dead chunks, but H2 runs that thread only with a write delay
 * above 0, and provisor's URL sets 0 so that each commit is on disk when it returns.
 *
 * <p>This thread does the same while the store is idle: no commit through the pool since its last look, a
 * second ago. Each {@link #step} holds H2's store lock, which every commit waits for, and during a large cycle it
 * could not keep up anyway (session 25: steps of 8 MB a second held the chunks at about 37 % live while the file
 * still grew at the cycle's pace). Between cycles the store is idle most of the time.
 *
 * <p>After a step that rewrote pages, the next waits for H2's retention time (45 s): H2 frees the chunks a step
 * emptied only once they are that old, and until then they still count in the chunks' fill rate. Steps once a
 * second kept finding the store too empty and rewrote the same live data again and again, each time at the end
 * of the file (session 25: the file grew by 265 MB in the 45 s after a cycle of 30,000 users).
 */
final class H2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** Below this share of live bytes in the chunks, the emptiest ones are rewritten. */
    static final int TARGET_FILL_PERCENT = 60;
    /**
     * Live bytes rewritten per step at most, taken from the emptiest chunks first: a step holds H2's store lock,
     * which commits wait for.
     */
    static final int WRITE_LIMIT_BYTES = 64 << 20;

    private final MVStore store;
    /** Counts the pool's commits; the store is idle while it stands still. */
    private final LongSupplier commits;
    private final Duration every;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean paused;
    /** {@link #commits} when this thread last looked. */
    private long commitsSeen = -1;
    /** No step before this {@link System#nanoTime}: the chunks the last step emptied are not freed yet. */
    private volatile long nextStepNanos = System.nanoTime();

    private H2Housekeeping(MVStore store, LongSupplier commits, Duration every) {
        this.store = store;
        this.commits = commits;
        this.every = every;
        this.thread = new Thread(this::run, "h2-housekeeping");
        thread.setDaemon(true);
    }

    /**
     * A step every {@code every} until {@link #close}, for the file behind an embedded H2 pool; null for an H2
     * server reached over TCP or an in-memory database, which have no file here to look after.
     */
    static H2Housekeeping start(DataSource pool, LongSupplier commits, Duration every) {
        MVStore store = fileStoreOf(pool);
        if (store == null) {
            return null;
        }
        H2Housekeeping housekeeping = new H2Housekeeping(store, commits, every);
        housekeeping.thread.start();
        return housekeeping;
    }

    /** Without a thread: the caller runs {@link #step}s or {@link #stepWhileIdle} (tests). */
    static H2Housekeeping manual(DataSource pool, LongSupplier commits) {
        return new H2Housekeeping(fileStoreOf(pool), commits, Duration.ZERO);
    }

    private static MVStore fileStoreOf(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            return store.getFileStore() == null ? null : store;
        } catch (SQLException e) {
            throw new StoreException("cannot reach the embedded H2 store for housekeeping: " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the emptiest chunks' live pages if the chunks are too empty; true if it rewrote any. Nothing while
     * H2 has a write delay (a bulk load sets one): its own thread does the same then.
     */
    boolean step() {
        if (store.isClosed() || store.getAutoCommitDelay() > 0 || fillPercent() >= TARGET_FILL_PERCENT) {
            return false;
        }
        boolean rewrote = store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES);
        if (rewrote) {
            store.tryCommit(); // writes the rewritten pages, so that the chunks they came from are dead
            nextStepNanos = System.nanoTime() + store.getRetentionTime() * 1_000_000L;
        }
        return rewrote;
    }

    /** A {@link #step} if nobody committed since the last look and the last step's chunks are freed. */
    void stepWhileIdle() {
        long seen = commits.getAsLong();
        boolean idle = seen == commitsSeen;
        commitsSeen = seen;
        if (idle && System.nanoTime() - nextStepNanos >= 0) {
            step();
        }
    }

    /** The share of live bytes in the store's chunks, in per cent. */
    int fillPercent() {
        return store.getFileStore().getChunksFillRate();
    }

    /** The size of the store's file in bytes. */
    long fileBytes() {
        return store.getFileStore().size();
    }

    /** While paused the thread takes no step; a caller still may. */
    void pause(boolean pause) {
        paused = pause;
    }

    /**
     * Not interruptible on purpose: H2 does its file I/O on interruptible channels and closes the database
     * when a thread is interrupted in the middle of a write.
     */
    private void run() {
        while (!stopping) {
            try {
                if (!paused) {
                    stepWhileIdle();
                }
            } catch (RuntimeException e) {
                if (store.isClosed()) {
                    return;
                }
                LOG.warn("H2 housekeeping step failed, will try again: {}", e.toString());
            }
            LockSupport.parkNanos(this, every.toNanos());
        }
    }

    /** Stops the thread after the step under way; before the pool closes. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
