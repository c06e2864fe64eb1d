package io.provisor.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import io.provisor.model.LogEntry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Provisioning logs: written once, searched by name or id with keyset paging, purged when old. */
public final class ProvisioningLogStore {

    /** A stored record: its JSON document and its paging position. */
    public record Stored(String document, LogCursor position) {
    }

    /** A page of records, and the cursor of the next page (null on the last). */
    public record Page(List<Stored> records, String nextCursor) {
    }

    /** Rows per statement batch. */
    static final int BATCH = 1000;

    private final Database database;

    public ProvisioningLogStore(Database database) {
        this.database = database;
    }

    /** Stores one record with its search keys. */
    public void append(LogEntry entry) {
        appendAll(List.of(entry));
    }

    /**
     * Stores records in one transaction, each as its JSON document with one search key row per way to
     * look it up. The rows go out as statement batches of {@value #BATCH}, so a cycle that logs
     * thousands of objects pays a few round trips, not one per record.
     */
    public void appendAll(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<byte[]> documents = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            documents.add(Json.writeBytes(entry));
        }
        database.transaction(connection -> {
            append(connection, entries, documents);
            return null;
        });
    }

    /**
     * Stores records in the caller's transaction, with whatever else that transaction commits; {@code documents}
     * are the records' JSON in UTF-8 (V13).
     */
    static void append(Connection connection, List<LogEntry> entries, List<byte[]> documents) throws SQLException {
        {
            try (PreparedStatement log = connection.prepareStatement("INSERT INTO provisioning_log (id, app, activity_at, cycle_id,"
                    + " change_id, action, status, code, source_id, target_id, revision, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement key = connection.prepareStatement(
                         "INSERT INTO provisioning_log_key (app, search_key, activity_at, log_id) VALUES (?, ?, ?, ?)")) {
                int keys = 0;
                for (int i = 0; i < entries.size(); i++) {
                    LogEntry entry = entries.get(i);
                    Timestamp at = Timestamp.from(entry.activityDateTime());
                    log.setString(1, entry.id());
                    log.setString(2, entry.app());
                    log.setTimestamp(3, at);
                    log.setString(4, entry.cycleId());
                    log.setString(5, entry.changeId());
                    log.setString(6, entry.action().toString());
                    log.setString(7, entry.status().toString());
                    log.setString(8, entry.code());
                    log.setString(9, entry.sourceIdentity() == null ? null : entry.sourceIdentity().id());
                    log.setString(10, entry.targetIdentity() == null ? null : entry.targetIdentity().id());
                    log.setString(11, entry.revision());
                    log.setBytes(12, documents.get(i));
                    log.addBatch();
                    for (String searchKey : searchKeys(entry)) {
                        key.setString(1, entry.app());
                        key.setString(2, searchKey);
                        key.setTimestamp(3, at);
                        key.setString(4, entry.id());
                        key.addBatch();
                        keys++;
                    }
                    if ((i + 1) % BATCH == 0) {
                        log.executeBatch();
                    }
                    if (keys >= BATCH) {
                        key.executeBatch();
                        keys = 0;
                    }
                }
                if (entries.size() % BATCH != 0) {
                    log.executeBatch();
                }
                if (keys > 0) {
                    key.executeBatch();
                }
            }
        }
    }

    /** The ways an admin may look a record up: ids as they are, names lowercased. */
    static Set<String> searchKeys(LogEntry entry) {
        return searchKeys(new LogEntry.Identity[] {entry.sourceIdentity(), entry.targetIdentity()});
    }

    /**
     * The keys of a record with these identities. The purge derives them again from stored records to delete them,
     * so a change here needs a migration that rewrites the stored keys.
     */
    private static Set<String> searchKeys(LogEntry.Identity[] identities) {
        Set<String> keys = new LinkedHashSet<>();
        for (LogEntry.Identity identity : identities) {
            if (identity == null) {
                continue;
            }
            add(keys, identity.id(), false);
            add(keys, identity.displayName(), true);
            add(keys, identity.userPrincipalName(), true);
        }
        return keys;
    }

    private static void add(Set<String> keys, String value, boolean lowercase) {
        if (value != null && !value.isBlank() && value.length() <= 1024) {
            keys.add(lowercase ? value.toLowerCase(Locale.ROOT) : value);
        }
    }

    public Optional<String> get(String app, String id) {
        return database.transaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT document FROM provisioning_log WHERE app = ? AND id = ?")) {
                statement.setString(1, app);
                statement.setString(2, id);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(Jdbc.utf8(rs, 1)) : Optional.empty();
                }
            }
        });
    }

    public Page search(LogQuery query) {
        return database.transaction(connection -> {
            List<Stored> records = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, query, "")) {
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        records.add(new Stored(Jdbc.utf8(rs, 3), new LogCursor(rs.getTimestamp(2).toInstant(), rs.getString(1))));
                    }
                }
            }
            boolean more = records.size() > query.limit();
            List<Stored> page = more ? records.subList(0, query.limit()) : records;
            return new Page(List.copyOf(page), more ? page.get(page.size() - 1).position().encode() : null);
        });
    }

    /**
     * The database's plan of the statement {@link #search} runs for this query, as text: what to look
     * at when a search is slow (on PostgreSQL it runs the query, with timings and buffers).
     */
    public String plan(LogQuery query) {
        return database.transaction(connection -> {
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement statement = prepare(connection, query, database.dialect().explain());
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        });
    }

    private static PreparedStatement prepare(Connection connection, LogQuery query, String prefix) throws SQLException {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder(prefix + "SELECT l.id, l.activity_at, l.document FROM ");
        String time = "l.activity_at";
        String id = "l.id";
        if (query.q() != null && !query.q().isBlank()) {
            // no condition on l.app: H2 would then read l first, through an index on app, and join the keys to it
            sql.append("(").append(keyLookup(query, values)).append(") k JOIN provisioning_log l ON l.id = k.log_id WHERE 1 = 1");
            time = "k.activity_at";
            id = "k.log_id";
        } else {
            sql.append("provisioning_log l WHERE l.app = ?");
            values.add(query.app());
            condition(sql, values, "l.activity_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
            condition(sql, values, "l.activity_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
            after(sql, values, query.cursor(), "l.activity_at", "l.id");
        }
        condition(sql, values, "l.action = ?", query.action());
        condition(sql, values, "l.status = ?", query.status());
        condition(sql, values, "l.cycle_id = ?", query.cycleId());
        sql.append(" ORDER BY ").append(time).append(" DESC, ").append(id).append(" DESC FETCH FIRST ? ROWS ONLY");
        values.add(query.limit() + 1);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
    }

    /**
     * The keys of the records {@code q} finds: one equality lookup per form of {@code q} (as given and
     * lowercased), joined by UNION, each a range scan of the key index that reads only that key's
     * rows ({@code search_key IN (..)} after {@code app} is no index range on H2, which then scans
     * every key of the app). Without filters on the record itself, the page is cut here, before
     * the records are read.
     */
    private static String keyLookup(LogQuery query, List<Object> values) {
        Set<String> forms = new LinkedHashSet<>(List.of(query.q().trim(), query.q().trim().toLowerCase(Locale.ROOT)));
        List<String> lookups = new ArrayList<>();
        for (String form : forms) {
            StringBuilder lookup = new StringBuilder("SELECT activity_at, log_id FROM provisioning_log_key WHERE app = ? AND search_key = ?");
            values.add(query.app());
            values.add(form);
            condition(lookup, values, "activity_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
            condition(lookup, values, "activity_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
            after(lookup, values, query.cursor(), "activity_at", "log_id");
            lookups.add(lookup.toString());
        }
        String union = String.join(" UNION ", lookups);
        if (query.action() == null && query.status() == null && query.cycleId() == null) {
            union += " ORDER BY activity_at DESC, log_id DESC FETCH FIRST ? ROWS ONLY";
            values.add(query.limit() + 1);
        }
        return union;
    }

    /** Keyset paging: only records after the cursor, newest first. */
    private static void after(StringBuilder sql, List<Object> values, LogCursor cursor, String time, String id) {
        if (cursor != null) {
            Timestamp at = Timestamp.from(cursor.activityAt());
            sql.append(" AND (").append(time).append(" < ? OR (").append(time).append(" = ? AND ").append(id).append(" < ?))");
            values.add(at);
            values.add(at);
            values.add(cursor.id());
        }
    }

    private static void condition(StringBuilder sql, List<Object> values, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            values.add(value);
        }
    }

    /**
     * Deletes up to {@code batch} records older than the cutoff, with their search keys; returns how many went. A
     * record's keys are derived again from the identities in its document and deleted through the search index
     * itself: an index of the keys by record, which only this purge read, cost every record written four more
     * index entries (V12 dropped it).
     */
    public int purgeOlderThan(Instant cutoff, int batch) {
        return database.transaction(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, app, activity_at, document FROM provisioning_log WHERE activity_at < ? FETCH FIRST ? ROWS ONLY");
                 PreparedStatement keys = connection.prepareStatement(
                         "DELETE FROM provisioning_log_key WHERE app = ? AND search_key = ? AND activity_at = ? AND log_id = ?")) {
                select.setTimestamp(1, Timestamp.from(cutoff));
                select.setInt(2, batch);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        ids.add(id);
                        for (String searchKey : searchKeys(identities(rs.getBytes(4)))) {
                            keys.setString(1, rs.getString(2));
                            keys.setString(2, searchKey);
                            keys.setTimestamp(3, rs.getTimestamp(3));
                            keys.setString(4, id);
                            keys.addBatch();
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return 0;
                }
                keys.executeBatch();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM provisioning_log WHERE id IN (" + DirectoryQueries.placeholders(ids.size()) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    delete.setString(i + 1, ids.get(i));
                }
                delete.executeUpdate();
            }
            return ids.size();
        });
    }

    /** The source and target identities of a stored record, for its search keys. */
    private static LogEntry.Identity[] identities(byte[] document) {
        try {
            JsonNode record = Json.mapper().readTree(document);
            return new LogEntry.Identity[] {identity(record.get("sourceIdentity")), identity(record.get("targetIdentity"))};
        } catch (IOException e) {
            throw new StoreException("a stored log record is not JSON: " + e.getMessage(), e);
        }
    }

    private static LogEntry.Identity identity(JsonNode node) throws IOException {
        return node == null || node.isNull() ? null : Json.mapper().treeToValue(node, LogEntry.Identity.class);
    }
}
