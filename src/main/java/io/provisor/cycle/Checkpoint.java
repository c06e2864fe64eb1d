package io.provisor.cycle;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far an initial cycle has got, for resuming after a crash: the last id such that it and every id
 * before it (in the stream's order) are done, though workers finish out of order.
 */
final class Checkpoint {

    private final ConcurrentSkipListMap<Long, String> inFlight = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile String lastSubmitted;

    Checkpoint(String resumedAfter) {
        this.lastSubmitted = resumedAfter;
    }

    /** Called by the single producer, in stream order; returns the ticket to hand back when done. */
    long submitted(String id) {
        long ticket = sequence.incrementAndGet();
        inFlight.put(ticket, lastSubmitted == null ? "" : lastSubmitted);
        lastSubmitted = id;
        return ticket;
    }

    void done(long ticket) {
        inFlight.remove(ticket);
    }

    /** Every id up to and including this one is done; null when nothing is. */
    String cursor() {
        var first = inFlight.firstEntry();
        if (first == null) {
            return lastSubmitted;
        }
        return first.getValue().isEmpty() ? null : first.getValue();
    }
}
