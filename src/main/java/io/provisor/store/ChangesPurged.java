package io.provisor.store;

/**
 * A reader asked for the changes after a number whose successors the log retention has purged. It must read the
 * directory in full and go on from the watermark it had then, as Graph's delta clients do when their token expires.
 */
public final class ChangesPurged extends RuntimeException {

    private final long oldestKept;

    ChangesPurged(long after, long oldestKept) {
        super("the changes after " + after + " are gone: the oldest change kept is " + oldestKept + "; read the directory in full,"
                + " then go on from the watermark it answers with");
        this.oldestKept = oldestKept;
    }

    public long oldestKept() {
        return oldestKept;
    }
}
