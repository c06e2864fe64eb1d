package io.provisor.store;

import io.provisor.model.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The change feed of one transaction: it locks the counter row first, hands out the next numbers from
 * memory while the lock is held, writes the entries in bulk ({@link RowAppender}) and moves the counter
 * once, at the end. Concurrent writers queue on the lock, so the numbers they take follow each other; a
 * rollback undoes the entries and the counter together, so the sequence stays gap-free.
 */
final class ChangeFeed implements AutoCloseable {

    private static final List<String> COLUMNS = List.of("seq", "changed_at", "object_type", "object_id", "change_type", "app",
            "related_id");

    private final Connection connection;
    private final Dialect dialect;
    private final long first;
    private long last;
    private RowAppender entries;
    /**
     * When this transaction's changes happened: taken once, at its first change, since they become visible
     * together. An {@link OffsetDateTime} goes into H2's TIMESTAMP WITH TIME ZONE as it is, where a
     * {@link Timestamp} per entry was converted through the JVM's zone each time (2 % of a bulk import's CPU).
     */
    private OffsetDateTime at;

    private ChangeFeed(Connection connection, Dialect dialect, long last) {
        this.connection = connection;
        this.dialect = dialect;
        this.first = last;
        this.last = last;
    }

    /** Locks the counter row until the transaction ends and reads the last number taken. */
    static ChangeFeed lock(Connection connection, Dialect dialect) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT last_value FROM change_counter WHERE name = 'directory' FOR UPDATE");
             ResultSet rs = lock.executeQuery()) {
            rs.next();
            return new ChangeFeed(connection, dialect, rs.getLong(1));
        }
    }

    /** Takes the next number and records the change; the entry goes out with the transaction's next rows. */
    long append(Change.ObjectType objectType, String objectId, Change.Type type, String app, String relatedId)
            throws SQLException {
        if (entries == null) {
            entries = dialect.appender(connection, "change_feed", COLUMNS);
        }
        if (at == null) {
            at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        long seq = ++last;
        entries.add(seq, at, objectType.toString(), objectId, type.toString(), app, relatedId);
        return seq;
    }

    /** The last number committed before this transaction took the lock. */
    long lockedAt() {
        return first;
    }

    /** Numbers taken in this transaction so far. */
    long taken() {
        return last - first;
    }

    /**
     * Writes the remaining entries and moves the counter past every number taken: one update per
     * transaction. The update checks the counter still holds the value read under the lock.
     */
    void finish() throws SQLException {
        flush();
        if (last == first) {
            return;
        }
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE change_counter SET last_value = ? WHERE name = 'directory' AND last_value = ?")) {
            bump.setLong(1, last);
            bump.setLong(2, first);
            if (bump.executeUpdate() != 1) {
                throw new StoreException("the change counter moved while this transaction held its lock");
            }
        }
    }

    private void flush() throws SQLException {
        if (entries != null) {
            entries.flush();
        }
    }

    @Override
    public void close() throws SQLException {
        if (entries != null) {
            entries.close();
        }
    }

    /** The number of the oldest change kept: the next number to be taken when none is kept (all were purged, or none made). */
    static long oldestKept(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT MIN(seq) FROM change_feed");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            long oldest = rs.getLong(1);
            return rs.wasNull() ? last(connection) + 1 : oldest;
        }
    }

    static List<Change> after(Connection connection, long after, int limit) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seq, changed_at, object_type, object_id, change_type, app, related_id FROM change_feed"
                        + " WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, after);
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                            Change.ObjectType.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getString(4),
                            Change.Type.fromWire(rs.getString(5)), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return changes;
    }

    static long last(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT last_value FROM change_counter WHERE name = 'directory'");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
