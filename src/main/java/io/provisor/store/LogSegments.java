package io.provisor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provisioning log's search index (V14), built so that writing a record costs no random insert. Every record
 * takes the next sequence number as it is written; each run of {@value #RECORDS} numbers becomes a sealed segment,
 * one row holding its keys' Bloom filter, sorted hash table and the table's directory ({@link SegmentKeys}), written by
 * the transaction that fills it. A search tests every segment's filter, reads the slices of the tables of the segments
 * that may hold the key, and reads the records after the last sealed segment (the open tail) directly.
 *
 * <p>The numbers are handed out by a counter row that each writing transaction locks until it commits, so they are
 * committed in order and without gaps: when a segment is sealed, every record below the transaction's own is
 * already there to read.
 */
final class LogSegments {

    /** Records per sealed segment: the open tail a search reads directly never holds more. */
    static final int RECORDS = 1024;
    /** Filters and directories kept in memory at most: about 6 KB a segment, so ten million records' worth. */
    private static final long SUMMARY_CACHE_BYTES = 64L << 20;

    /** A sealed segment's place in the log. */
    record Segment(long firstSeq, long lastSeq, Instant firstAt, Instant lastAt) {
    }

    /** A segment's filter and the directory of its table, kept in memory for every search. */
    private record Summary(byte[] filter, byte[] directory) {
    }

    private final Map<Long, Summary> summaries = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    /** The sealed segments known, newest first. */
    private List<Segment> known = List.of();

    /**
     * Takes {@code count} sequence numbers for the transaction's records and returns the first; the counter row
     * stays locked until the transaction ends, so no other writer commits a number between them.
     */
    static long take(Connection connection, int count) throws SQLException {
        Jdbc.update(connection, "UPDATE change_counter SET last_value = last_value + ? WHERE name = 'provisioning_log'", count);
        try (PreparedStatement read = connection.prepareStatement("SELECT last_value FROM change_counter WHERE name = 'provisioning_log'");
             ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the provisioning log's counter row is missing (migration 14 adds it)");
            }
            return rs.getLong(1) - count + 1;
        }
    }

    /** Seals every segment the records up to {@code lastSeq} have filled; the caller holds the counter row. */
    static void sealUpTo(Connection connection, long lastSeq) throws SQLException {
        long sealed = lastSealed(connection);
        while (lastSeq - sealed >= RECORDS) {
            seal(connection, sealed + 1, sealed + RECORDS);
            sealed += RECORDS;
        }
    }

    /** The last seq of the newest sealed segment, 0 when none is. */
    static long lastSealed(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT last_seq FROM provisioning_log_segment ORDER BY first_seq DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = read.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Builds the segment of records {@code first..last} from their documents and stores it. */
    static void seal(Connection connection, long first, long last) throws SQLException {
        long[] hashes = new long[RECORDS * 4];
        int[] offsets = new int[hashes.length];
        int count = 0;
        Instant firstAt = null;
        Instant lastAt = null;
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT seq, app, activity_at, document FROM provisioning_log WHERE seq BETWEEN ? AND ?")) {
            read.setLong(1, first);
            read.setLong(2, last);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    int offset = (int) (rs.getLong(1) - first);
                    String app = rs.getString(2);
                    Instant at = rs.getTimestamp(3).toInstant();
                    firstAt = firstAt == null || at.isBefore(firstAt) ? at : firstAt;
                    lastAt = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
                    for (String key : LogKeys.of(rs.getBytes(4))) {
                        if (count == hashes.length) {
                            hashes = Arrays.copyOf(hashes, count * 2);
                            offsets = Arrays.copyOf(offsets, count * 2);
                        }
                        hashes[count] = SegmentKeys.hash(app, key);
                        offsets[count++] = offset;
                    }
                }
            }
        }
        if (firstAt == null) { // every record of the range was purged before it was sealed
            firstAt = Instant.EPOCH;
            lastAt = Instant.EPOCH;
        }
        SegmentKeys.Built keys = SegmentKeys.build(hashes, offsets, count);
        Jdbc.update(connection, "INSERT INTO provisioning_log_segment (first_seq, last_seq, first_at, last_at, key_filter,"
                + " key_directory, key_hashes) VALUES (?, ?, ?, ?, ?, ?, ?)", first, last, Timestamp.from(firstAt), Timestamp.from(lastAt),
                keys.filter(), keys.directory(), keys.table());
    }

    /**
     * The sealed segments, newest first. Segments never change once sealed, so the list is kept and only the
     * segments sealed since, with their summaries, and the oldest one left after a purge, are asked for.
     */
    synchronized List<Segment> segments(Connection connection) throws SQLException {
        long newest = known.isEmpty() ? 0 : known.get(0).firstSeq();
        List<Segment> added = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("SELECT first_seq, last_seq, first_at, last_at, key_filter,"
                + " key_directory FROM provisioning_log_segment WHERE first_seq > ? ORDER BY first_seq DESC")) {
            read.setLong(1, newest);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    Segment segment = new Segment(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
                    added.add(segment);
                    remember(segment.firstSeq(), new Summary(rs.getBytes(5), rs.getBytes(6)));
                }
            }
        }
        long oldest;
        try (PreparedStatement read = connection.prepareStatement("SELECT MIN(first_seq) FROM provisioning_log_segment");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            oldest = rs.wasNull() ? Long.MAX_VALUE : min;
        }
        List<Segment> all = new ArrayList<>(added);
        for (Segment segment : known) {
            if (segment.firstSeq() >= oldest) {
                all.add(segment);
            } else {
                forget(segment.firstSeq());
            }
        }
        known = List.copyOf(all);
        return known;
    }

    /** Whether the segment's filter says it may hold one of these hashes; false too when it has been purged. */
    boolean mayHold(Connection connection, Segment segment, long[] hashes) throws SQLException {
        Summary summary = summary(connection, segment);
        for (long hash : hashes) {
            if (summary != null && SegmentKeys.mayContain(summary.filter(), hash)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The seqs of the records of these segments whose keys may include one of these hashes. The slices of the
     * segments' tables the hashes name are read with one statement, so a search pays a round trip per group of
     * segments, not per segment.
     */
    List<Long> seqs(Connection connection, List<Segment> segments, long[] hashes) throws SQLException {
        List<Long> firstSeqs = new ArrayList<>();
        List<Long> wanted = new ArrayList<>();
        List<SegmentKeys.Slice> slices = new ArrayList<>();
        for (Segment segment : segments) {
            Summary summary = summary(connection, segment);
            for (long hash : hashes) {
                SegmentKeys.Slice slice = summary == null ? null : SegmentKeys.slice(summary.directory(), hash);
                if (slice != null && !slice.isEmpty() && SegmentKeys.mayContain(summary.filter(), hash)) {
                    firstSeqs.add(segment.firstSeq());
                    wanted.add(hash);
                    slices.add(slice);
                }
            }
        }
        List<Long> seqs = new ArrayList<>();
        if (slices.isEmpty()) {
            return seqs;
        }
        String one = "SELECT CAST(? AS INTEGER), SUBSTRING(key_hashes FROM ? FOR ?) FROM provisioning_log_segment WHERE first_seq = ?";
        try (PreparedStatement read = connection.prepareStatement(String.join(" UNION ALL ", Collections.nCopies(slices.size(), one)))) {
            for (int i = 0; i < slices.size(); i++) {
                read.setInt(4 * i + 1, i);
                read.setInt(4 * i + 2, slices.get(i).from() * SegmentKeys.ENTRY + 1);
                read.setInt(4 * i + 3, (slices.get(i).to() - slices.get(i).from()) * SegmentKeys.ENTRY);
                read.setLong(4 * i + 4, firstSeqs.get(i));
            }
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    int request = rs.getInt(1);
                    SegmentKeys.seqsOf(rs.getBytes(2), wanted.get(request), firstSeqs.get(request), seqs::add);
                }
            }
        }
        return seqs;
    }

    /** A segment's filter and directory, from the cache or read and cached; null when the segment has been purged. */
    private Summary summary(Connection connection, Segment segment) throws SQLException {
        Summary summary = summaries.get(segment.firstSeq());
        if (summary == null) {
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT key_filter, key_directory FROM provisioning_log_segment WHERE first_seq = ?")) {
                read.setLong(1, segment.firstSeq());
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    summary = new Summary(rs.getBytes(1), rs.getBytes(2));
                }
            }
            remember(segment.firstSeq(), summary);
        }
        return summary;
    }

    /** Keeps a summary in memory while the cache has room. */
    private void remember(long firstSeq, Summary summary) {
        int size = summary.filter().length + summary.directory().length;
        if (cachedBytes.get() + size <= SUMMARY_CACHE_BYTES && summaries.putIfAbsent(firstSeq, summary) == null) {
            cachedBytes.addAndGet(size);
        }
    }

    private void forget(long firstSeq) {
        Summary gone = summaries.remove(firstSeq);
        if (gone != null) {
            cachedBytes.addAndGet(-(gone.filter().length + gone.directory().length));
        }
    }
}
