package io.provisor.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The audit trail of configuration changes: who, when, what, and the revision it led to. */
public final class AuditStore {

    /** One configuration change. {@code actor} names a token or the system, never a secret. */
    public record Event(String id, Instant at, String actor, String app, String activity, String revision, String detail) {
    }

    private final Database database;

    public AuditStore(Database database) {
        this.database = database;
    }

    public Event record(String actor, String app, String activity, String revision, String detail) {
        Event event = new Event(UUID.randomUUID().toString(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                actor, app, activity, revision, detail);
        database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_event (id, at, actor, app, activity, revision, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, event.id());
                insert.setTimestamp(2, Timestamp.from(event.at()));
                insert.setString(3, event.actor());
                insert.setString(4, event.app());
                insert.setString(5, event.activity());
                insert.setString(6, event.revision());
                insert.setString(7, event.detail());
                return insert.executeUpdate();
            }
        });
        return event;
    }

    /** The newest events first, optionally of one app. */
    public List<Event> recent(String app, int limit) {
        return database.transaction(connection -> {
            List<Event> events = new ArrayList<>();
            String sql = "SELECT id, at, actor, app, activity, revision, detail FROM audit_event"
                    + (app == null ? "" : " WHERE app = ?") + " ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int next = 1;
                if (app != null) {
                    query.setString(next++, app);
                }
                query.setInt(next, limit);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Event(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            return events;
        });
    }
}
