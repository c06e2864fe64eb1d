package io.provisor.bench;

import io.provisor.model.AttributeChange;
import io.provisor.model.LogEntry;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Provisioning log records as provisor writes them (the same {@link LogEntry} shape and JSON), for a
 * fixed set of log users spread over a window: cycle after cycle, each cycle logs every log user once,
 * in time order, with the mix of actions of a real full cycle (mostly no change, some skips, a few
 * updates, creates, disables and failures).
 */
final class StoreLogGenerator {

    /** One batch of records. */
    record Batch(List<LogEntry> entries) {
    }

    private final int logUsers;
    private final int userStride;
    private final long total;
    private final int cycles;
    private final Instant start;
    private final Duration cycleLength;
    private final SplittableRandom random = new SplittableRandom(42);
    private final boolean orderedIds;
    private long next;

    /**
     * @param users    users of the snapshot; log user j is snapshot user j * (users / logUsers)
     * @param logUsers how many users the logs name
     * @param total    records to write
     * @param window   the span the records cover, ending at {@code end}
     * @param orderedIds time-ordered record ids (UUID version 7 layout) instead of random ones
     *                 (version 4, what {@code LogEntries} gave before): to compare
     */
    StoreLogGenerator(int users, int logUsers, long total, Duration window, Instant end, boolean orderedIds) {
        this.orderedIds = orderedIds;
        this.logUsers = logUsers;
        this.userStride = Math.max(1, users / logUsers);
        this.total = total;
        this.cycles = (int) Math.max(1, (total + logUsers - 1) / logUsers);
        this.start = end.minus(window);
        this.cycleLength = window.dividedBy(cycles);
    }

    /** The snapshot index of log user j. */
    int snapshotUser(int j) {
        return j * userStride;
    }

    int logUsers() {
        return logUsers;
    }

    /** When cycle {@code cycle} starts; every cycle logs each log user once. */
    Instant cycleStart(int cycle) {
        return start.plus(cycleLength.multipliedBy(cycle));
    }

    Duration cycleLength() {
        return cycleLength;
    }

    long written() {
        return next;
    }

    boolean hasNext() {
        return next < total;
    }

    Batch next(int size) {
        int n = (int) Math.min(size, total - next);
        List<LogEntry> entries = new ArrayList<>(n);
        for (int k = 0; k < n; k++, next++) {
            entries.add(entry(next));
        }
        return new Batch(entries);
    }

    private LogEntry entry(long sequence) {
        int cycle = (int) (sequence / logUsers);
        int j = (int) (sequence % logUsers);
        int i = snapshotUser(j);
        // a cycle takes a few minutes: records within it are a few milliseconds apart
        Instant at = start.plus(cycleLength.multipliedBy(cycle)).plusMillis(j * 3L + random.nextInt(3));
        String cycleId = "cycle-" + cycle;
        int roll = random.nextInt(100);
        LogEntry.LoggedAction action;
        StepStatus status;
        String code;
        if (roll < 55) {
            action = LogEntry.LoggedAction.NONE;
            status = StepStatus.SUCCESS;
            code = "RedundantExport";
        } else if (roll < 80) {
            action = LogEntry.LoggedAction.SKIP;
            status = StepStatus.SKIPPED;
            code = random.nextBoolean() ? "NotEffectivelyEntitled" : "OutOfScope";
        } else if (roll < 92) {
            action = LogEntry.LoggedAction.UPDATE;
            status = StepStatus.SUCCESS;
            code = "AttributesChanged";
        } else if (roll < 96) {
            action = LogEntry.LoggedAction.CREATE;
            status = StepStatus.SUCCESS;
            code = "EntitledNoMatch";
        } else if (roll < 98) {
            action = LogEntry.LoggedAction.DISABLE;
            status = StepStatus.SUCCESS;
            code = "NoLongerEntitled";
        } else {
            action = LogEntry.LoggedAction.UPDATE;
            status = StepStatus.FAILURE;
            code = "TargetRejected";
        }
        String name = SnapshotGenerator.displayName(i);
        String upn = SnapshotGenerator.userPrincipalName(i);
        LogEntry.Identity source = new LogEntry.Identity(SnapshotGenerator.userId(i), name, upn, "User");
        LogEntry.Identity target = action == LogEntry.LoggedAction.SKIP ? null
                : new LogEntry.Identity("crm-" + Integer.toHexString(i), name, null, "User");
        List<Step> steps = List.of(
                new Step(StepType.IMPORT, "Import", StepStatus.SUCCESS, "Received user `" + upn + "` from the directory",
                        Map.of("department", SnapshotGenerator.DEPARTMENTS[SnapshotGenerator.department(i)])),
                new Step(StepType.SCOPING, "Scoping", action == LogEntry.LoggedAction.SKIP ? StepStatus.SKIPPED : StepStatus.SUCCESS,
                        action == LogEntry.LoggedAction.SKIP ? "`" + upn + "` is not in scope of " + SnapshotGenerator.APP
                                : "`" + upn + "` is assigned to " + SnapshotGenerator.APP + " and in scope",
                        details("rule", "scoping.sales-in-the-us", "file", "rules/contoso-crm/app.json")),
                new Step(StepType.MATCHING, "Matching", StepStatus.SUCCESS, "Matched on userName = `" + upn + "`",
                        details("matchingAttribute", "userPrincipalName", "targetId", target == null ? null : target.id())),
                new Step(StepType.PROCESSING, "Processing", status, "Decided `" + action + "` (" + code + ")",
                        details("rule", "processing." + code, "revision", "r-2026-11")));
        List<AttributeChange> modified = action == LogEntry.LoggedAction.UPDATE || action == LogEntry.LoggedAction.CREATE
                ? List.of(new AttributeChange("title", "Analyst", "Senior Analyst"), new AttributeChange("active", true, true))
                : List.of();
        LogEntry.ErrorInformation error = status == StepStatus.FAILURE
                ? new LogEntry.ErrorInformation(code, "The target app refused the update (HTTP 409)", "retry in the next cycle")
                : null;
        return new LogEntry(id(at), at, SnapshotGenerator.APP, cycleId,
                cycleId + "-" + j, action, status, code, code, error, steps, modified, source, target, "r-2026-11",
                5 + random.nextInt(40));
    }

    private String id(Instant at) {
        if (!orderedIds) {
            long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(hi, lo).toString();
        }
        long hi = (at.toEpochMilli() << 16) | 0x7000L | (random.nextInt(0x1000));
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static Map<String, Object> details(String... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) {
            map.put(pairs[k], pairs[k + 1]);
        }
        return map;
    }
}
