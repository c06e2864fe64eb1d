package io.provisor.model;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Ids of records the store keys by id and writes in time order (log records, decisions, impact previews). */
public final class Ids {

    private Ids() {
    }

    /**
     * A UUID in version 7 layout: the time in milliseconds, then 74 random bits. Records written in
     * time order land at the end of their key's index instead of at random places in it: on H2 each
     * commit then rewrites the last page of the index rather than one page per record, and on both
     * databases appends stay cheap as the tables grow to millions of rows.
     */
    public static String timeOrdered(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (at.toEpochMilli() << 16) | 0x7000L | random.nextInt(0x1000);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * The lowest id {@link #timeOrdered(Instant)} gives at {@code at}: every id made earlier sorts below it as a string
     * (lowercase hex, the time first), every id made then or later does not.
     */
    public static String earliestAt(Instant at) {
        return new UUID(at.toEpochMilli() << 16 | 0x7000L, 0x8000000000000000L).toString();
    }

    /** {@link #timeOrdered(Instant)} at this moment. */
    public static String timeOrdered() {
        return timeOrdered(Instant.now());
    }
}
