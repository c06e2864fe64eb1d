package io.provisor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    private final HikariDataSource pool;
    private final Dialect dialect;
    /**
     * Held shared by every transaction and exclusively by {@link #changeIndexes} on H2, whose DROP INDEX
     * takes no table lock: another session's insert that ran meanwhile failed with a
     * ConcurrentModificationException from the table's list of indexes. An embedded H2 database has only
     * this process's sessions, so excluding them here is enough. PostgreSQL locks the tables itself.
     */
    private final ReentrantReadWriteLock indexChanges = new ReentrantReadWriteLock();

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
        config.setMaximumPoolSize(8);
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
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .schemas(settings.schema() == null ? new String[0] : new String[] {settings.schema()})
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the database " + settings + ": " + e.getMessage(), e);
        }
        Database database = new Database(pool, dialect);
        // a bulk load killed before it built its indexes left them missing
        database.changeIndexes(connection -> {
            DeferredIndexes.create(connection);
            return null;
        });
        return database;
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

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        indexChanges.readLock().lock();
        try {
            return run(work);
        } finally {
            indexChanges.readLock().unlock();
        }
    }

    /**
     * A thread's interrupt is set aside while it runs a transaction and handed back after: H2 does its file
     * I/O on interruptible channels, and a write by an interrupted thread closes the file, upon which H2
     * closes the whole database until the next start. A transaction is short; the caller sees the
     * interrupt as soon as it is done.
     */
    private <T> T run(Work<T> work) {
        boolean interrupted = Thread.interrupted();
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
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

    @Override
    public void close() {
        pool.close();
    }
}
