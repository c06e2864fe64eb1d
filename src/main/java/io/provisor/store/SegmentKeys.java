package io.provisor.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The search keys of one sealed segment of the provisioning log, built once when the segment is sealed:
 * <ul>
 *   <li>a Bloom filter, small enough to keep in memory for every segment, that tells which segments may hold a key;</li>
 *   <li>the keys' 64-bit hashes sorted with their record's offset from the segment's first sequence number (the
 *       table), read only for a segment the filter points at;</li>
 *   <li>the table's directory: where the entries of each of 256 hash ranges begin, so that a lookup reads only the
 *       slice of the table where its hash can be (a few dozen bytes), not the whole table.</li>
 * </ul>
 * Keys are hashed together with their app, so one filter serves every app.
 */
final class SegmentKeys {

    /** Filter bits per key: with {@value #PROBES} probes, about one segment in a hundred answers "maybe" wrongly. */
    private static final int BITS_PER_KEY = 10;
    private static final int PROBES = 7;
    /** Bytes per table entry: the key's hash, then its record's offset from the segment's first seq. */
    static final int ENTRY = Long.BYTES + Integer.BYTES;
    private static final int RANGES = 256;

    /** A segment's keys as stored: see the class comment. */
    record Built(byte[] filter, byte[] directory, byte[] table) {
    }

    /** Where a hash's entries may be in a table: entries {@code from} (inclusive) to {@code to} (exclusive). */
    record Slice(int from, int to) {
        boolean isEmpty() {
            return from >= to;
        }
    }

    private SegmentKeys() {
    }

    /** A 64-bit hash of a key of an app: FNV-1a over both, then MurmurHash3's finalizer to spread the bits. */
    static long hash(String app, String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < app.length(); i++) {
            h = (h ^ app.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0xffff) * 0x100000001b3L; // a mark no char of a name is: "crm"+"ada" hashes apart from "crma"+"da"
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The filter, table and directory of {@code count} keys: their hashes, and their records' offsets. */
    static Built build(long[] hashes, int[] offsets, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> hashes[a] != hashes[b] ? Long.compare(hashes[a], hashes[b]) : Integer.compare(offsets[a], offsets[b]));
        ByteBuffer table = ByteBuffer.allocate(count * ENTRY);
        ByteBuffer directory = ByteBuffer.allocate((RANGES + 1) * Integer.BYTES);
        int range = 0;
        for (int i = 0; i < count; i++) {
            long hash = hashes[order[i]];
            while (range <= range(hash)) { // ranges up to this hash's begin here
                directory.putInt(i);
                range++;
            }
            table.putLong(hash).putInt(offsets[order[i]]);
        }
        while (range <= RANGES) {
            directory.putInt(count);
            range++;
        }
        return new Built(filter(hashes, count), directory.array(), table.array());
    }

    /** Whether a filter may hold this hash; false means it surely does not. */
    static boolean mayContain(byte[] filter, long hash) {
        long bits = (long) filter.length * 8;
        for (int probe = 0; probe < PROBES; probe++) {
            long bit = position(hash, probe, bits);
            if ((filter[(int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The entries of the table where this hash may be, from its directory. */
    static Slice slice(byte[] directory, long hash) {
        ByteBuffer starts = ByteBuffer.wrap(directory);
        int range = range(hash);
        return new Slice(starts.getInt(range * Integer.BYTES), starts.getInt((range + 1) * Integer.BYTES));
    }

    /** Passes the seq of every record that entries of the table (a slice of it, or all) hold this hash for. */
    static void seqsOf(byte[] entries, long hash, long firstSeq, LongConsumer seqs) {
        ByteBuffer table = ByteBuffer.wrap(entries);
        int count = entries.length / ENTRY;
        int low = 0;
        int high = count;
        while (low < high) { // the first entry whose hash is not below the one sought
            int middle = (low + high) >>> 1;
            if (table.getLong(middle * ENTRY) < hash) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int i = low; i < count && table.getLong(i * ENTRY) == hash; i++) {
            seqs.accept(firstSeq + table.getInt(i * ENTRY + Long.BYTES));
        }
    }

    /** The hash's range, in the table's (signed) order: its top byte with the sign bit flipped. */
    private static int range(long hash) {
        return (int) ((hash >>> 56) ^ 0x80);
    }

    private static byte[] filter(long[] hashes, int count) {
        long bits = Math.max(64, ((long) count * BITS_PER_KEY + 63) / 64 * 64);
        byte[] filter = new byte[(int) (bits / 8)];
        for (int i = 0; i < count; i++) {
            for (int probe = 0; probe < PROBES; probe++) {
                long bit = position(hashes[i], probe, bits);
                filter[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        return filter;
    }

    /** Probe positions by double hashing (Kirsch and Mitzenmacher): the hash's two halves make every probe. */
    private static long position(long hash, int probe, long bits) {
        long combined = (hash & 0xffffffffL) + probe * (hash >>> 32);
        return Long.remainderUnsigned(combined, bits);
    }
}
