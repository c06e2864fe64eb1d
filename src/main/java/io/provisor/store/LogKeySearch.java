package io.provisor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A search of the provisioning log by name or id through its segments ({@link LogSegments}): the open tail is read
 * whole, each sealed segment whose filter may hold the key gives the records its table lists, and every record is
 * checked against the key itself, since filters and hashes may answer for another key.
 */
final class LogKeySearch {

    /** What a search did, for {@code plan}. */
    record Work(int segments, int segmentsRead, int recordsRead, int tailRecords) {
    }

    /** A record the search found, with what orders and pages it. */
    record Hit(String id, Instant at, byte[] document) {
    }

    /**
     * Segments whose filters answer "maybe" read together: one statement for their tables' slices, one for their
     * records. A page's worth of them, so a search whose first page fills from the newest segments reads few more.
     */
    private static final int GROUP = 16;
    private static final Comparator<Hit> NEWEST_FIRST = Comparator.comparing(Hit::at).thenComparing(Hit::id).reversed();
    private static final String COLUMNS = "SELECT seq, id, app, activity_at, action, status, cycle_id, document FROM provisioning_log";

    private final LogSegments segments;
    private final LogQuery query;
    private final Set<String> forms;
    private final long[] hashes;
    private final List<Hit> hits = new ArrayList<>();
    private int sealedSegments;
    private int segmentsRead;
    private int recordsRead;
    private int tailRecords;

    LogKeySearch(LogSegments segments, LogQuery query) {
        this.segments = segments;
        this.query = query;
        this.forms = LogKeys.forms(query.q());
        this.hashes = forms.stream().mapToLong(form -> SegmentKeys.hash(query.app(), form)).toArray();
    }

    /** Up to {@code limit + 1} records newest first: one more than a page tells whether another follows. */
    List<Hit> run(Connection connection) throws SQLException {
        List<LogSegments.Segment> sealed = segments.segments(connection);
        sealedSegments = sealed.size();
        long tailFrom = sealed.isEmpty() ? 1 : sealed.get(0).lastSeq() + 1;
        try (PreparedStatement tail = connection.prepareStatement(COLUMNS + " WHERE seq >= ?")) {
            tail.setLong(1, tailFrom);
            tailRecords = read(tail);
        }
        trim();
        List<LogSegments.Segment> group = new ArrayList<>();
        for (LogSegments.Segment segment : sealed) {
            if (mayHoldPage(segment) && segments.mayHold(connection, segment, hashes)) {
                group.add(segment);
                if (group.size() == GROUP) {
                    readGroup(connection, group);
                }
            }
        }
        readGroup(connection, group);
        return hits;
    }

    /** Reads the records the group's tables give for the key, and empties the group. */
    private void readGroup(Connection connection, List<LogSegments.Segment> group) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        segmentsRead += group.size();
        List<Long> seqs = segments.seqs(connection, group, hashes);
        group.clear();
        if (!seqs.isEmpty()) {
            recordsRead += readSeqs(connection, seqs);
            trim();
        }
    }

    Work work() {
        return new Work(sealedSegments, segmentsRead, recordsRead, tailRecords);
    }

    /** Whether the segment may hold a record of the page: within the query's time, after its cursor, and not older than a full page. */
    private boolean mayHoldPage(LogSegments.Segment segment) {
        if (query.from() != null && segment.lastAt().isBefore(query.from())) {
            return false;
        }
        if (query.to() != null && !segment.firstAt().isBefore(query.to())) {
            return false;
        }
        if (query.cursor() != null && segment.firstAt().isAfter(query.cursor().activityAt())) {
            return false;
        }
        return hits.size() <= query.limit() || !segment.lastAt().isBefore(hits.get(query.limit()).at());
    }

    private int readSeqs(Connection connection, List<Long> seqs) throws SQLException {
        int read = 0;
        for (int from = 0; from < seqs.size(); from += ProvisioningLogStore.BATCH) {
            List<Long> part = seqs.subList(from, Math.min(seqs.size(), from + ProvisioningLogStore.BATCH));
            try (PreparedStatement statement = connection.prepareStatement(
                    COLUMNS + " WHERE seq IN (" + DirectoryQueries.placeholders(part.size()) + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    statement.setLong(i + 1, part.get(i));
                }
                read += read(statement);
            }
        }
        return read;
    }

    /** Reads the statement's records and keeps those the query finds; returns how many it read. */
    private int read(PreparedStatement statement) throws SQLException {
        int read = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                read++;
                Instant at = rs.getTimestamp(4).toInstant();
                String id = rs.getString(2);
                if (query.app().equals(rs.getString(3)) && matches(query.action(), rs.getString(5)) && matches(query.status(), rs.getString(6))
                        && matches(query.cycleId(), rs.getString(7)) && inWindow(at, id)) {
                    byte[] document = rs.getBytes(8);
                    if (!Collections.disjoint(LogKeys.of(document), forms)) {
                        hits.add(new Hit(id, at, document));
                    }
                }
            }
        }
        return read;
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || Objects.equals(wanted, value);
    }

    private boolean inWindow(Instant at, String id) {
        if (query.from() != null && at.isBefore(query.from()) || query.to() != null && !at.isBefore(query.to())) {
            return false;
        }
        LogCursor cursor = query.cursor();
        return cursor == null || at.isBefore(cursor.activityAt()) || at.equals(cursor.activityAt()) && id.compareTo(cursor.id()) < 0;
    }

    /** Keeps the page and the one record after it. */
    private void trim() {
        hits.sort(NEWEST_FIRST);
        if (hits.size() > query.limit() + 1) {
            hits.subList(query.limit() + 1, hits.size()).clear();
        }
    }
}
