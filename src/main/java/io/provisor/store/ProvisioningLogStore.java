package io.provisor.store;

import io.provisor.codec.Json;
import io.provisor.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Provisioning logs: written once, searched by name or id (through {@link LogSegments}) with keyset paging, purged when old. */
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

    /** Stores one record. */
    public void append(LogEntry entry) {
        appendAll(List.of(entry));
    }

    /**
     * Stores records in one transaction, each as its JSON document. The rows go out as statement batches of
     * {@value #BATCH}, so a cycle that logs thousands of objects pays a few round trips, not one per record.
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
     * are the records' JSON in UTF-8 (V13). The records take the log's next sequence numbers, whose counter stays
     * locked until the transaction ends, and seal the search segments they fill ({@link LogSegments}): a caller
     * writes its log records last, so that it holds no other lock another writer could be waiting on meanwhile.
     */
    static void append(Connection connection, List<LogEntry> entries, List<byte[]> documents) throws SQLException {
        long first = LogSegments.take(connection, entries.size());
        try (PreparedStatement log = connection.prepareStatement("INSERT INTO provisioning_log (id, app, activity_at, cycle_id,"
                + " change_id, action, status, code, source_id, target_id, revision, document, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < entries.size(); i++) {
                LogEntry entry = entries.get(i);
                log.setString(1, entry.id());
                log.setString(2, entry.app());
                log.setTimestamp(3, Timestamp.from(entry.activityDateTime()));
                log.setString(4, entry.cycleId());
                log.setString(5, entry.changeId());
                log.setString(6, entry.action().toString());
                log.setString(7, entry.status().toString());
                log.setString(8, entry.code());
                log.setString(9, entry.sourceIdentity() == null ? null : entry.sourceIdentity().id());
                log.setString(10, entry.targetIdentity() == null ? null : entry.targetIdentity().id());
                log.setString(11, entry.revision());
                log.setBytes(12, documents.get(i));
                log.setLong(13, first + i);
                log.addBatch();
                if ((i + 1) % BATCH == 0) {
                    log.executeBatch();
                }
            }
            if (entries.size() % BATCH != 0) {
                log.executeBatch();
            }
        }
        LogSegments.sealUpTo(connection, first + entries.size() - 1);
    }

    /**
     * Brings the log's counter and search segments up to records written into the table around this store, as the
     * benchmarks' bulk copy does; after records written only through {@link #appendAll} there is nothing to do. Each
     * transaction seals at most a hundred segments, so a large copy is not sealed in one.
     */
    public void catchUp() {
        while (database.transaction(connection -> {
            Jdbc.update(connection, "UPDATE change_counter SET last_value = (SELECT COALESCE(MAX(seq), 0) FROM provisioning_log)"
                    + " WHERE name = 'provisioning_log'");
            long last;
            try (PreparedStatement read = connection.prepareStatement("SELECT last_value FROM change_counter WHERE name = 'provisioning_log'");
                 ResultSet rs = read.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
            long sealed = LogSegments.lastSealed(connection);
            LogSegments.sealUpTo(connection, Math.min(last, sealed + 100L * LogSegments.RECORDS));
            return last - sealed >= 100L * LogSegments.RECORDS;
        })) {
            // the next hundred
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
            if (byKey(query)) {
                for (LogKeySearch.Hit hit : new LogKeySearch(database.logSegments(), query).run(connection)) {
                    records.add(new Stored(new String(hit.document(), StandardCharsets.UTF_8), new LogCursor(hit.at(), hit.id())));
                }
            } else {
                try (PreparedStatement statement = prepare(connection, query, "");
                     ResultSet rs = statement.executeQuery()) {
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
     * How {@link #search} finds this query's records, as text: what to look at when a search is slow. A search by
     * name or id says how many segments it tested and read, and how many records it read; any other gives the
     * database's plan of its statement (on PostgreSQL it runs the query, with timings and buffers).
     */
    public String plan(LogQuery query) {
        return database.transaction(connection -> {
            if (byKey(query)) {
                LogKeySearch search = new LogKeySearch(database.logSegments(), query);
                int found = search.run(connection).size();
                LogKeySearch.Work work = search.work();
                return String.format(Locale.ROOT, "key search through provisioning_log_segment: %d sealed segments, %d read by their"
                        + " filters, %d records read from them by seq, %d records in the open tail; %d found (page of %d and one more)%n",
                        work.segments(), work.segmentsRead(), work.recordsRead(), work.tailRecords(), found, query.limit());
            }
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

    private static boolean byKey(LogQuery query) {
        return query.q() != null && !query.q().isBlank();
    }

    /** A search without a key: the log's index by app and time, newest first. */
    private static PreparedStatement prepare(Connection connection, LogQuery query, String prefix) throws SQLException {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder(prefix + "SELECT l.id, l.activity_at, l.document FROM provisioning_log l WHERE l.app = ?");
        values.add(query.app());
        condition(sql, values, "l.activity_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        condition(sql, values, "l.activity_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
        after(sql, values, query.cursor(), "l.activity_at", "l.id");
        condition(sql, values, "l.action = ?", query.action());
        condition(sql, values, "l.status = ?", query.status());
        condition(sql, values, "l.cycle_id = ?", query.cycleId());
        sql.append(" ORDER BY l.activity_at DESC, l.id DESC FETCH FIRST ? ROWS ONLY");
        values.add(query.limit() + 1);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
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
     * Deletes up to {@code batch} records older than the cutoff; returns how many went. A sealed segment goes once all
     * its records are older than the cutoff; until then its filter and table may name records that are gone, which a
     * search reads past.
     */
    public int purgeOlderThan(Instant cutoff, int batch) {
        return database.transaction(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM provisioning_log WHERE activity_at < ? FETCH FIRST ? ROWS ONLY")) {
                select.setTimestamp(1, Timestamp.from(cutoff));
                select.setInt(2, batch);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            if (!ids.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM provisioning_log WHERE id IN (" + DirectoryQueries.placeholders(ids.size()) + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        delete.setString(i + 1, ids.get(i));
                    }
                    delete.executeUpdate();
                }
            }
            Jdbc.update(connection, "DELETE FROM provisioning_log_segment WHERE last_at < ?", Timestamp.from(cutoff));
            return ids.size();
        });
    }
}
