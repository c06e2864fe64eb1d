package io.provisor.store;

import io.provisor.model.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Appends changes with the next gap-free number, in the caller's transaction, and reads them back. */
final class ChangeFeed {

    private ChangeFeed() {
    }

    /**
     * Takes the next number and records the change. The counter row stays locked until the
     * transaction ends, so concurrent writers queue and a rollback returns the number.
     */
    static long append(Connection connection, Change.ObjectType objectType, String objectId, Change.Type type,
                       String app, String relatedId) throws SQLException {
        long seq;
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE change_counter SET last_value = last_value + 1 WHERE name = 'directory'")) {
            bump.executeUpdate();
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT last_value FROM change_counter WHERE name = 'directory'");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO change_feed (seq, changed_at, object_type, object_id, change_type, app, related_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.setString(3, objectType.toString());
            insert.setString(4, objectId);
            insert.setString(5, type.toString());
            insert.setString(6, app);
            insert.setString(7, relatedId);
            insert.executeUpdate();
        }
        return seq;
    }

    /** Locks the counter row until the transaction ends. */
    static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT last_value FROM change_counter WHERE name = 'directory' FOR UPDATE");
             ResultSet rs = lock.executeQuery()) {
            rs.next();
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
