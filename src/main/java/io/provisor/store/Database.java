package io.provisor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.flywaydb.core.Flyway;

/** The connection pool and schema migrations; every store works through {@link #transaction}. */
public final class Database implements AutoCloseable {

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * How long H2 may keep a bulk load's commits unwritten: an upper bound only, the importer checkpoints
     * about once a second and H2 writes sooner when its unsaved pages pass its limit.
     */
    private static final int BULK_WRITE_DELAY_MS = 10_000;
    private static final int H2_DEFAULT_WRITE_DELAY_MS = 500;
    private static final int POOL_SIZE = 8;
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(1);

    private final HikariDataSource pool;
    private final Dialect dialect;
    /**
     * Held shared by every transaction and exclusively by {@link #changeIndexes} on H2, whose DROP INDEX
     * takes no table lock: another session's insert that ran meanwhile failed with a
     * ConcurrentModificationException from the table's list of indexes. An embedded H2 database has only
     * this process's sessions, so excluding them here is enough. PostgreSQL locks the tables itself.
     */
    private final ReentrantReadWriteLock indexChanges = new ReentrantReadWriteLock();
    /**
     * Bulk loads under way that let H2 write their commits out late ({@link #delayCommits}). While there is
     * one, every {@link #transaction} writes out the store after it commits, so what it reports committed,
     * and everything committed before it, survives a killed process as with a write delay of 0.
     */
    private final AtomicInteger delayingLoads = new AtomicInteger();
    /** H2's write delay before the first of them, given back after the last. */
    private volatile int writeDelayBefore;
    /** Embedded H2 only; null otherwise. */
    private H2Housekeeping housekeeping;
    /** Transactions committed through the pool: the housekeeping waits for the store to be idle. */
    private final AtomicLong commits = new AtomicLong();
    /** The provisioning log's search segments, with their filters cached for every search of this database. */
    private final LogSegments logSegments = new LogSegments();

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** Opens the pool, creates the schema if needed and applies pending migrations. */
    public static Database open(StoreSettings settings) {
        Dialect dialect = settings.dialect();
        if (settings.schema() != null) {
            createSchema(settings, dialect);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setAutoCommit(false);
        config.setPoolName("provisor");
        dialect.driverProperties().forEach(config::addDataSourceProperty);
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
            if (dialect == Dialect.POSTGRESQL) {
                // The pool's setSchema is a SET on a new connection, inside its first transaction when auto-commit is
                // off, so a first transaction that rolls back undid it and left the connection outside the schema. The
                // driver's currentSchema goes in the connection's start-up message instead, before any transaction.
                config.addDataSourceProperty("currentSchema", settings.schema());
            }
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").javaMigrations(new V13LogDocumentsAsBytes(dialect), new V14LogSearchSegments(dialect))
                    .schemas(settings.schema() == null ? new String[0] : new String[] {settings.schema()})
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the database " + settings + ": " + e.getMessage(), e);
        }
        Database database = new Database(pool, dialect);
        try {
            database.openAllConnections();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        database.forgetKilledDelay();
        // a bulk load killed before it built its indexes left them missing
        database.changeIndexes(connection -> {
            DeferredIndexes.create(connection);
            return null;
        });
        if (dialect == Dialect.H2) {
            database.housekeeping = H2Housekeeping.start(pool, database.commits::get, HOUSEKEEPING_EVERY);
        }
        return database;
    }

    /**
     * Has the pool open every connection it will hold, now rather than in the background later: each one runs
     * the URL's settings as it opens, WRITE_DELAY=0 among them, and one opened while a bulk load had raised
     * the delay set it back to 0 (commits written out one by one until the next checkpoint raised it again).
     */
    private void openAllConnections() {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                held.add(pool.getConnection());
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the pool's connections: " + e.getMessage(), e);
        } finally {
            for (Connection connection : held) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // back in the pool or discarded by it: either way not ours any more
                }
            }
        }
    }

    /**
     * H2 keeps its write delay in the database: one a killed bulk load left set goes back to H2's default
     * (the embedded URL sets 0 on each connection anyway).
     */
    private void forgetKilledDelay() {
        if (dialect == Dialect.H2) {
            transaction(connection -> {
                try (Statement statement = connection.createStatement();
                     var rs = statement.executeQuery(dialect.readWriteDelay())) {
                    if (rs.next() && rs.getInt(1) == BULK_WRITE_DELAY_MS) {
                        statement.execute(dialect.setWriteDelay(H2_DEFAULT_WRITE_DELAY_MS));
                    }
                } catch (SQLException e) {
                    // not an admin: then no bulk load of this user delayed commits either
                }
                return null;
            });
        }
    }

    private static void createSchema(StoreSettings settings, Dialect dialect) {
        try (Connection connection = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute(dialect.createSchema(settings.schema()));
        } catch (SQLException e) {
            throw new StoreException("cannot reach the database " + settings + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    LogSegments logSegments() {
        return logSegments;
    }

    /**
     * Runs DDL that creates or drops indexes in a transaction of its own. On H2 it waits until no other
     * transaction of this process runs, and they wait for it; it asks for the lock without queueing for
     * it, so a transaction that waits for another one never waits behind it.
     */
    <T> T changeIndexes(Work<T> work) {
        if (dialect != Dialect.H2) {
            return transaction(work);
        }
        if (indexChanges.getReadHoldCount() > 0) {
            throw new IllegalStateException("indexes are changed outside of any other transaction");
        }
        while (!indexChanges.writeLock().tryLock()) {
            LockSupport.parkNanos(1_000_000);
        }
        try {
            return transaction(work);
        } finally {
            indexChanges.writeLock().unlock();
        }
    }

    /** Refreshes the planner's statistics of these tables, in one transaction. */
    void analyze(List<String> tables) {
        transaction(connection -> {
            try (var statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute(dialect.analyze(table));
                }
            }
            return null;
        });
    }

    /** Runs work in one transaction: committed and written out when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        return transaction(work, true);
    }

    /**
     * {@link #transaction}, but while a bulk load delays commits ({@link #delayCommits}) the commit may
     * reach the file only at the next {@link #checkpoint}: a killed process loses it, as if it never ran.
     */
    public <T> T delayedTransaction(Work<T> work) {
        return transaction(work, false);
    }

    private <T> T transaction(Work<T> work, boolean durable) {
        indexChanges.readLock().lock();
        try {
            return run(work, durable);
        } finally {
            indexChanges.readLock().unlock();
        }
    }

    /**
     * H2: commits are written out when H2 next writes its store (its unsaved pages pass a limit, a long
     * write delay passes, or {@link #checkpoint} runs) instead of each before it returns: with random
     * keys, writing at each commit rewrote most pages a batch touched, batch after batch. Only
     * {@link #delayedTransaction}s are left unwritten; false, and nothing changed, on PostgreSQL or for a
     * user who may not change H2's settings. Ends with {@link #endDelayedCommits}.
     */
    boolean delayCommits() {
        if (dialect != Dialect.H2) {
            return false;
        }
        synchronized (delayingLoads) {
            // counted first: a transaction that commits once the delay is set must see it and write out
            if (delayingLoads.getAndIncrement() > 0) {
                return true;
            }
            Integer before = transaction(connection -> {
                try (Statement statement = connection.createStatement();
                     var rs = statement.executeQuery(dialect.readWriteDelay())) {
                    int delay = rs.next() ? rs.getInt(1) : 0;
                    statement.execute(dialect.setWriteDelay(BULK_WRITE_DELAY_MS));
                    return delay;
                } catch (SQLException e) {
                    return null; // not an admin
                }
            });
            if (before == null) {
                delayingLoads.decrementAndGet();
                return false;
            }
            writeDelayBefore = before;
            return true;
        }
    }

    /** H2 is given back its write delay when the last bulk load that delayed commits ends; writes out everything. */
    void endDelayedCommits() {
        synchronized (delayingLoads) {
            if (delayingLoads.get() == 1) {
                transaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(dialect.setWriteDelay(writeDelayBefore));
                    }
                    return null;
                });
            }
            if (delayingLoads.get() > 0) {
                delayingLoads.decrementAndGet();
            }
        }
        checkpoint();
    }

    /** True while commits of {@link #delayedTransaction}s may be left unwritten until a {@link #checkpoint}. */
    public boolean commitsDelayed() {
        return delayingLoads.get() > 0;
    }

    /** Writes out every commit, delayed ones included (H2); nothing to do on PostgreSQL. */
    public void checkpoint() {
        if (dialect != Dialect.H2) {
            return;
        }
        synchronized (delayingLoads) {
            transaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(dialect.checkpoint());
                    if (delayingLoads.get() > 0) {
                        // each connection the pool opens runs the URL's settings, WRITE_DELAY=0 among them
                        try (var rs = statement.executeQuery(dialect.readWriteDelay())) {
                            if (rs.next() && rs.getInt(1) != BULK_WRITE_DELAY_MS) {
                                statement.execute(dialect.setWriteDelay(BULK_WRITE_DELAY_MS));
                            }
                        }
                    }
                }
                return null;
            }, false);
        }
    }

    /**
     * A thread's interrupt is set aside while it runs a transaction and handed back after: H2 does its file
     * I/O on interruptible channels, and a write by an interrupted thread closes the file, upon which H2
     * closes the whole database until the next start. A transaction is short; the caller sees the
     * interrupt as soon as it is done.
     */
    private <T> T run(Work<T> work, boolean durable) {
        boolean interrupted = Thread.interrupted();
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                commits.incrementAndGet();
                if (durable && delayingLoads.get() > 0) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(dialect.checkpoint());
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database error (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The embedded H2 store's housekeeping, for tests; null on PostgreSQL. */
    H2Housekeeping housekeeping() {
        return housekeeping;
    }

    /**
     * Takes now, in the caller, the step the embedded H2 store's housekeeping would take once idle
     * ({@link H2Housekeeping}); nothing elsewhere. For a benchmark, so that it does not run beside the next phase.
     */
    public void housekeepNow() {
        if (housekeeping != null) {
            housekeeping.step();
        }
    }

    /**
     * Holds the embedded H2 store's housekeeping back until called again with false; {@link #housekeepNow} still runs.
     * For a benchmark whose phase is not provisor's work and must not share the CPU with it.
     */
    public void pauseHousekeeping(boolean pause) {
        if (housekeeping != null) {
            housekeeping.pause(pause);
        }
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        pool.close();
    }
}
