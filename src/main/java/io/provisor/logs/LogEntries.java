package io.provisor.logs;

import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.model.LogEntry;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.facts.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Turns a decision into its provisioning log record. */
public final class LogEntries {

    private LogEntries() {
    }

    /**
     * @param target the account in the target app, or null when there is none
     */
    public static LogEntry of(Decision decision, User user, String cycleId, String changeId, LogEntry.Identity target,
                              long durationMs, Instant at) {
        StepStatus status = status(decision);
        LogEntry.ErrorInformation error = null;
        if (status == StepStatus.FAILURE || status == StepStatus.WARNING) {
            Reason first = decision.reasons().isEmpty() ? null : decision.reasons().get(decision.reasons().size() - 1);
            error = new LogEntry.ErrorInformation(decision.code(), first == null ? decision.summary() : first.message(),
                    first == null ? null : first.fix());
        }
        Instant activity = at.truncatedTo(ChronoUnit.MILLIS);
        return new LogEntry(timeOrderedId(activity), activity, decision.app(), cycleId, changeId,
                LogEntry.LoggedAction.of(decision.action()), status, decision.code(), decision.entraCode(), error,
                decision.steps(), decision.modifiedProperties(),
                new LogEntry.Identity(user.id(), user.displayName(), user.userPrincipalName(), "User"), target,
                decision.revision(), durationMs);
    }

    /**
     * A UUID in version 7 layout: the activity time in milliseconds, then 74 random bits. Records
     * written in time order land at the end of the id indexes instead of at random places in them,
     * which keeps appends cheap as the logs grow to millions of records.
     */
    static String timeOrderedId(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (at.toEpochMilli() << 16) | 0x7000L | random.nextInt(0x1000);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The status the processing step gave: success for changes made, skipped or failure otherwise. */
    static StepStatus status(Decision decision) {
        return decision.steps().stream().filter(step -> step.type() == StepType.PROCESSING).map(Step::status).findFirst()
                .orElse(decision.action() == Action.SKIP ? StepStatus.SKIPPED : StepStatus.SUCCESS);
    }
}
