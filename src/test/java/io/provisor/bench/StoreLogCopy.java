package io.provisor.bench;

import io.provisor.store.Database;
import io.provisor.store.ProvisioningLogStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Grows the provisioning log to millions of records fast, for the lookup figures only: records
 * written through {@code ProvisioningLogStore.appendAll} (the seed) are copied in SQL
 * ({@code INSERT ... SELECT}), each copy shifted later in time by the seed's span, with an id of its
 * own (the seed's id with its last 6 digits replaced by the copy number) and a sequence number shifted by the
 * copy number times the seed's count. The log's indexes are dropped before the copy and built again after it, as a
 * bulk load would, and the search segments the copies fill are sealed then. A copy keeps the seed's JSON document
 * (whose {@code id} and {@code activityDateTime} are the seed's), so a key finds the seed's record and each of its
 * copies, one per segment of copies.
 */
final class StoreLogCopy {

    /** The log's indexes after migration V14, less the one by cycle: name, then the SQL that builds it again. */
    private static final List<String[]> INDEXES = List.of(
            new String[] {"provisioning_log", "ALTER TABLE provisioning_log ADD CONSTRAINT provisioning_log_pkey PRIMARY KEY (id)"},
            new String[] {"provisioning_log_time", "CREATE INDEX provisioning_log_time ON provisioning_log (app, activity_at, id)"},
            new String[] {"provisioning_log_seq", "CREATE UNIQUE INDEX provisioning_log_seq ON provisioning_log (seq)"});

    private StoreLogCopy() {
    }

    /** Times of the three phases, in nanoseconds: dropping the indexes, copying, building the indexes and segments. */
    record Timing(long drop, long copy, long index) {
    }

    /**
     * Copies the records older than {@code seedEnd} {@code copies} times, copy k shifted by k times
     * {@code span}; returns the time each phase took.
     */
    static Timing copy(Database database, boolean postgres, Instant seedEnd, Duration span, int copies, Progress progress) {
        long seeds = database.transaction(connection -> {
            try (Statement statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM provisioning_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        long t0 = System.nanoTime();
        database.transaction(connection -> {
            for (String[] index : INDEXES) {
                execute(connection, drop(index[0], postgres));
            }
            return null;
        });
        long t1 = System.nanoTime();
        for (int k = 1; k <= copies; k++) {
            int copy = k;
            database.transaction(connection -> {
                long shift = span.multipliedBy(copy).toSeconds();
                String suffix = String.format("%06d", copy);
                try (PreparedStatement logs = connection.prepareStatement("INSERT INTO provisioning_log (id, app, activity_at,"
                        + " cycle_id, change_id, action, status, code, source_id, target_id, revision, document, seq)"
                        + " SELECT SUBSTRING(id, 1, 30) || ?, app, activity_at + CAST(? AS INTEGER) * INTERVAL '1' SECOND,"
                        + " cycle_id || ?, change_id, action, status, code, source_id, target_id, revision, document, seq + ?"
                        + " FROM provisioning_log WHERE activity_at < ? AND seq <= ?")) {
                    logs.setString(1, suffix);
                    logs.setLong(2, shift);
                    logs.setString(3, "." + copy);
                    logs.setLong(4, copy * seeds);
                    logs.setTimestamp(5, Timestamp.from(seedEnd));
                    logs.setLong(6, seeds);
                    logs.executeUpdate();
                }
                return null;
            });
            progress.copied(copy);
        }
        long t2 = System.nanoTime();
        for (String[] index : INDEXES) {
            database.transaction(connection -> {
                execute(connection, index[1]);
                return null;
            });
        }
        new ProvisioningLogStore(database).catchUp();
        if (postgres) {
            database.transaction(connection -> {
                connection.setAutoCommit(true);
                try {
                    execute(connection, "VACUUM ANALYZE provisioning_log");
                    execute(connection, "VACUUM ANALYZE provisioning_log_segment");
                } finally {
                    connection.setAutoCommit(false);
                }
                return null;
            });
        } else {
            database.transaction(connection -> {
                execute(connection, "ANALYZE");
                return null;
            });
        }
        return new Timing(t1 - t0, t2 - t1, System.nanoTime() - t2);
    }

    /** Told after each copy. */
    @FunctionalInterface
    interface Progress {
        void copied(int copies);
    }

    private static String drop(String name, boolean postgres) {
        if (name.equals("provisioning_log")) {
            return postgres ? "ALTER TABLE " + name + " DROP CONSTRAINT " + name + "_pkey" : "ALTER TABLE " + name + " DROP PRIMARY KEY";
        }
        return "DROP INDEX " + name;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
