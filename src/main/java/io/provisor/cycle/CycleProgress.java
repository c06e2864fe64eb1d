package io.provisor.cycle;

import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Live counts of a running cycle, read by the status endpoint and the CLI progress bar while workers add to them. */
public final class CycleProgress {

    private final String cycleId;
    private final CycleKind kind;
    private final Instant startedAt;
    private final Clock clock;
    private final AtomicLong total = new AtomicLong(-1);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong referenceFailures = new AtomicLong();
    private final AtomicLong deferrals = new AtomicLong();
    private final AtomicLongArray byAction = new AtomicLongArray(LogEntry.LoggedAction.values().length);
    private final AtomicLongArray byStatus = new AtomicLongArray(StepStatus.values().length);

    public CycleProgress(String cycleId, CycleKind kind, Clock clock) {
        this.cycleId = cycleId;
        this.kind = kind;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public String cycleId() {
        return cycleId;
    }

    public CycleKind kind() {
        return kind;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The number of objects the cycle will process, once known. */
    void expect(long objects) {
        total.set(objects);
    }

    void addExpected(long objects) {
        total.accumulateAndGet(objects, (current, more) -> current < 0 ? more : current + more);
    }

    /** Counts what processing an object came to: a logged outcome, or one object fewer to expect when nothing was logged and nothing held. */
    void record(ObjectResult result) {
        if (result.entry() != null) {
            record(result.entry());
        } else {
            addExpected(result.staged() ? 0 : -1);
        }
    }

    void record(LogEntry entry) {
        processed.incrementAndGet();
        byAction.incrementAndGet(entry.action().ordinal());
        byStatus.incrementAndGet(entry.status().ordinal());
    }

    void referenceFailed() {
        referenceFailures.incrementAndGet();
    }

    void deferred() {
        deferrals.incrementAndGet();
    }

    public long processed() {
        return processed.get();
    }

    public long failures() {
        return byStatus.get(StepStatus.FAILURE.ordinal());
    }

    public long successes() {
        return byStatus.get(StepStatus.SUCCESS.ordinal());
    }

    public long referenceFailures() {
        return referenceFailures.get();
    }

    public long count(LogEntry.LoggedAction action) {
        return byAction.get(action.ordinal());
    }

    /** Percent done, or null while the total is unknown. */
    public Double percent() {
        long expected = total.get();
        if (expected < 0) {
            return null;
        }
        return expected == 0 ? 100.0 : Math.min(100.0, 100.0 * processed.get() / expected);
    }

    /** Time left at the rate so far, or null before there is a rate. */
    public Duration remaining() {
        long expected = total.get();
        long done = processed.get();
        Duration elapsed = Duration.between(startedAt, clock.instant());
        if (expected < 0 || done == 0) {
            return null;
        }
        return Duration.ofMillis(Math.max(0, elapsed.toMillis() * (expected - done) / done));
    }

    /** The counts as the status endpoint shows them. */
    public Map<String, Object> snapshot() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cycleId", cycleId);
        view.put("kind", kind.toString().toLowerCase(java.util.Locale.ROOT));
        view.put("startedAt", startedAt.toString());
        view.put("processed", processed.get());
        view.put("total", total.get() < 0 ? null : total.get());
        view.put("percentDone", percent() == null ? null : Math.round(percent() * 10) / 10.0);
        Duration left = remaining();
        view.put("estimatedSecondsLeft", left == null ? null : left.toSeconds());
        Map<String, Long> actions = new LinkedHashMap<>();
        for (LogEntry.LoggedAction action : LogEntry.LoggedAction.values()) {
            actions.put(action.toString(), byAction.get(action.ordinal()));
        }
        view.put("actions", actions);
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (StepStatus status : StepStatus.values()) {
            statuses.put(status.toString(), byStatus.get(status.ordinal()));
        }
        view.put("statuses", statuses);
        view.put("referenceFailures", referenceFailures.get());
        view.put("deferredThrottled", deferrals.get());
        return view;
    }
}
