package io.provisor.directory;

import io.provisor.store.Rows.Member;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The users and groups an import knows to exist, by id, so that the members and principals of its later
 * batches need no lookup in the database. Ids in the canonical UUID form (Graph's object ids) are kept
 * as two longs in an open-addressing table, about 34 bytes an id; other ids as strings, up to
 * {@value #MAX_OTHERS} by default, after which they are looked up.
 */
final class KnownIds {

    static final int MAX_OTHERS = 100_000;

    private static final byte EMPTY = 0;
    private static final byte USER = 1;
    private static final byte GROUP = 2;
    /** Set beside the kind once the import has written an app-role assignment to the object. */
    private static final byte ASSIGNED = 4;
    private static final byte KIND = 3;

    private long[] high = new long[1024];
    private long[] low = new long[1024];
    private byte[] kinds = new byte[1024];
    private int size;
    private final Map<String, String> others = new HashMap<>();
    private final Set<String> assignedOthers = new HashSet<>();
    private final int maxOthers;
    private boolean complete = true;

    KnownIds() {
        this(MAX_OTHERS);
    }

    KnownIds(int maxOthers) {
        this.maxOthers = maxOthers;
    }

    /** {@link Member#USER}, {@link Member#GROUP}, or null when the id is not known. */
    String kindOf(String id) {
        UUID uuid = canonicalUuid(id);
        if (uuid == null) {
            return others.get(id);
        }
        int slot = slot(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        return kinds[slot] == EMPTY ? null : (kinds[slot] & KIND) == USER ? Member.USER : Member.GROUP;
    }

    /** Remembers that the import wrote an app-role assignment to this object (one it {@link #put}). */
    void markAssigned(String id) {
        UUID uuid = canonicalUuid(id);
        if (uuid == null) {
            if (assignedOthers.size() < maxOthers || assignedOthers.contains(id)) {
                assignedOthers.add(id);
            } else {
                complete = false;
            }
            return;
        }
        int slot = slot(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        if (kinds[slot] != EMPTY) {
            kinds[slot] |= ASSIGNED;
        } else {
            complete = false;
        }
    }

    /**
     * True when the object is held and no assignment to it was {@link #markAssigned marked}: while the
     * import is the directory's only writer and {@link #complete}, such an object has no assignment.
     */
    boolean unassigned(String id) {
        UUID uuid = canonicalUuid(id);
        if (uuid == null) {
            return others.containsKey(id) && !assignedOthers.contains(id);
        }
        byte kind = kinds[slot(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())];
        return kind != EMPTY && (kind & ASSIGNED) == 0;
    }

    /** Remembers that an object of this kind ({@link Member#USER} or {@link Member#GROUP}) exists. */
    void put(String id, String kind) {
        UUID uuid = canonicalUuid(id);
        if (uuid == null) {
            if (others.size() < maxOthers || others.containsKey(id)) {
                others.put(id, kind);
            } else {
                complete = false;
            }
            return;
        }
        if (2 * (size + 1) > kinds.length) {
            grow();
        }
        int slot = slot(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        if (kinds[slot] == EMPTY) {
            high[slot] = uuid.getMostSignificantBits();
            low[slot] = uuid.getLeastSignificantBits();
            size++;
        }
        kinds[slot] = (byte) ((kinds[slot] & ASSIGNED) | (Member.USER.equals(kind) ? USER : GROUP));
    }

    /** True when every id put since the last {@link #clear} is held: none was left out for want of room. */
    boolean complete() {
        return complete;
    }

    /** Forgets everything: someone else may have deleted what was known. */
    void clear() {
        complete = true;
        high = new long[1024];
        low = new long[1024];
        kinds = new byte[1024];
        size = 0;
        others.clear();
        assignedOthers.clear();
    }

    /** The slot that holds this id, or the empty slot where it would go (linear probing). */
    private int slot(long hi, long lo) {
        int mask = kinds.length - 1;
        long h = (hi ^ Long.rotateLeft(lo, 32)) * 0x9E3779B97F4A7C15L;
        int slot = (int) (h ^ (h >>> 29)) & mask;
        while (kinds[slot] != EMPTY && (high[slot] != hi || low[slot] != lo)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        byte[] oldKinds = kinds;
        high = new long[oldKinds.length * 2];
        low = new long[oldKinds.length * 2];
        kinds = new byte[oldKinds.length * 2];
        for (int i = 0; i < oldKinds.length; i++) {
            if (oldKinds[i] != EMPTY) {
                int slot = slot(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                kinds[slot] = oldKinds[i];
            }
        }
    }

    /** The id as a UUID when it is one in canonical form (lowercase, 8-4-4-4-12), else null. */
    private static UUID canonicalUuid(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-' && (i == 8 || i == 13 || i == 18 || i == 23))) {
                return null;
            }
        }
        return UUID.fromString(id);
    }
}
