package io.provisor.cycle;

/**
 * What a cycle does with a disable or delete, for the accidental-deletion check: hold it until the cycle
 * knows how many there are, send it, or log it as held ({@code stagedDelete}) because there were too many.
 *
 * @param held      how many the cycle held (for the log's explanation)
 * @param threshold the app's threshold
 */
record DeletionMode(Kind kind, long held, int threshold) {

    enum Kind { HOLD, SEND, LOG_HELD }

    static final DeletionMode HOLD = new DeletionMode(Kind.HOLD, 0, 0);
    static final DeletionMode SEND = new DeletionMode(Kind.SEND, 0, 0);

    static DeletionMode logHeld(long held, int threshold) {
        return new DeletionMode(Kind.LOG_HELD, held, threshold);
    }
}
