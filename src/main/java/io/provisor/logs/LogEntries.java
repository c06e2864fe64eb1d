package io.provisor.logs;

import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.facts.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
        return new LogEntry(Ids.timeOrdered(activity), activity, decision.app(), cycleId, changeId,
                LogEntry.LoggedAction.of(decision.action()), status, decision.code(), decision.entraCode(), error,
                decision.steps(), decision.modifiedProperties(),
                new LogEntry.Identity(user.id(), user.displayName(), user.userPrincipalName(), "User"), target,
                decision.revision(), durationMs);
    }


    /** The status the processing step gave: success for changes made, skipped or failure otherwise. */
    static StepStatus status(Decision decision) {
        return decision.steps().stream().filter(step -> step.type() == StepType.PROCESSING).map(Step::status).findFirst()
                .orElse(decision.action() == Action.SKIP ? StepStatus.SKIPPED : StepStatus.SUCCESS);
    }
}
