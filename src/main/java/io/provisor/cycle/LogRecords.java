package io.provisor.cycle;

import io.provisor.connector.TargetError;
import io.provisor.engine.DecisionFailed;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.LogEntry.ErrorInformation;
import io.provisor.model.LogEntry.LoggedAction;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.facts.User;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adjusts a decision's log record to what actually happened in the target. */
final class LogRecords {

    private LogRecords() {
    }

    /** The target refused or did not answer: the record fails with Entra's code and the target's reason. */
    static LogEntry failed(LogEntry entry, TargetError error) {
        List<Step> steps = new ArrayList<>();
        for (Step step : entry.steps()) {
            if (step.type() == StepType.PROCESSING) {
                Map<String, Object> details = new LinkedHashMap<>(step.details());
                details.put("ErrorCode", error.code());
                details.put("HttpStatus", error.httpStatus() == 0 ? null : error.httpStatus());
                details.put("Retryable", error.retryable());
                steps.add(new Step(step.type(), step.name(), StepStatus.FAILURE,
                        step.description() + "; the target refused: " + error.reason(), details));
            } else {
                steps.add(step);
            }
        }
        return copy(entry, entry.action(), StepStatus.FAILURE, error.code(), error.code(),
                new ErrorInformation(error.code(), error.reason(), error.recommendedAction()), steps, entry.targetIdentity());
    }

    /**
     * The rules or a mapping threw while deciding {@code user}: nothing was sent, so the record has no decision, only what
     * failed and how to fix it. Its code is the failure's, {@code RuleFailed} or {@code MappingFailed}: provisor's own, as
     * Entra's rules cannot throw. {@code targetId}: the linked account, if any.
     */
    static LogEntry decisionFailed(String app, User user, String cycleId, String changeId, String targetId, DecisionFailed failure,
                                   Instant started, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> imported = new LinkedHashMap<>();
        imported.put("id", user.id());
        imported.put("userPrincipalName", user.userPrincipalName());
        Map<String, Object> failed = new LinkedHashMap<>();
        if (failure.ruleId() != null) {
            failed.put("RuleId", failure.ruleId());
        }
        if (failure.attribute() != null) {
            failed.put("Attribute", failure.attribute());
        }
        failed.put("ErrorCode", failure.code());
        List<Step> steps = List.of(
                new Step(StepType.IMPORT, "EntryImport", StepStatus.SUCCESS, "Retrieved user `" + user.label()
                        + "` from the source directory", imported),
                new Step(StepType.PROCESSING, "Entry" + failure.code(), StepStatus.FAILURE, "The user could not be decided: "
                        + failure.getMessage(), failed));
        ErrorInformation error = new ErrorInformation(failure.code(), failure.getMessage(), fix(failure));
        return new LogEntry(Ids.timeOrdered(at), at, app, cycleId, changeId, LoggedAction.NONE, StepStatus.FAILURE, failure.code(),
                failure.code(), error, steps, List.of(), new LogEntry.Identity(user.id(), user.displayName(), user.userPrincipalName(),
                "User"), targetId == null ? null : new LogEntry.Identity(targetId, user.displayName(), null, "User"), failure.revision(),
                Duration.between(started, now).toMillis());
    }

    /** The failure as escrows and quarantine count failures: retried on later cycles, as a fixed rule or changed user passes. */
    static TargetError asError(DecisionFailed failure) {
        return new TargetError(failure.code(), 0, true, null, failure.getMessage(), fix(failure), false);
    }

    private static String fix(DecisionFailed failure) {
        String culprit = failure.attribute() != null ? "the mapping of `" + failure.attribute() + "`"
                : failure.ruleId() != null ? "rule `" + failure.ruleId() + "`" : "the rule";
        return "fix " + culprit + " so that it handles this user's data (a missing, short or badly formatted attribute, say) or"
                + " correct the user in the directory; the user is retried on later cycles, and POST /api/v1/apps/{app}/evaluate"
                + " with the user shows the decision once it works";
    }

    /** A note on what happened on the way (throttling, an interrupted earlier attempt), as a last step. */
    static LogEntry withNote(LogEntry entry, String name, String description, Map<String, Object> details) {
        return withStep(entry, new Step(StepType.PROCESSING, name, StepStatus.SUCCESS, description, details));
    }

    /**
     * The step saying an object was tried once more at once, after an attempt whose connection failed before any answer;
     * {@code object}: "user" or "group".
     */
    static Step retried(TargetError lost, String object) {
        return new Step(StepType.PROCESSING, "EntryRetried", StepStatus.SUCCESS, "an earlier attempt got no answer (" + lost.reason()
                + "); the " + object + " was looked up again and tried once more at once", Map.of("EarlierError", lost.code()));
    }

    static LogEntry withStep(LogEntry entry, Step step) {
        List<Step> steps = new ArrayList<>(entry.steps());
        steps.add(step);
        return copy(entry, entry.action(), entry.status(), entry.code(), entry.entraCode(), entry.errorInformation(), steps,
                entry.targetIdentity());
    }

    /**
     * An interrupted create reached the target and the account was matched now: the work this record
     * stands for is that create, and it succeeded, whatever the re-decision against the matched account says.
     */
    static LogEntry recovered(LogEntry entry, Instant interruptedAt) {
        LogEntry created = copy(entry, LoggedAction.CREATE, StepStatus.SUCCESS, entry.code(), entry.entraCode(), null, entry.steps(),
                entry.targetIdentity());
        return withNote(created, "EntryRecovered", "an earlier attempt created the account but stopped before recording it;"
                + " the account was matched and linked, not created twice", Map.of("InterruptedAt", interruptedAt.toString()));
    }

    /** An interrupted delete reached the target: its account is gone now, and the work this record stands for is that delete. */
    static LogEntry deleteRecovered(LogEntry entry, Instant interruptedAt) {
        LogEntry deleted = copy(entry, LoggedAction.DELETE, StepStatus.SUCCESS, entry.code(), entry.entraCode(), null, entry.steps(),
                entry.targetIdentity());
        return withNote(deleted, "EntryRecovered", "an earlier attempt deleted the account but stopped before recording it;"
                + " the link is removed", Map.of("InterruptedAt", interruptedAt.toString()));
    }

    static LogEntry withTarget(LogEntry entry, LogEntry.Identity target) {
        return copy(entry, entry.action(), entry.status(), entry.code(), entry.entraCode(), entry.errorInformation(), entry.steps(),
                target);
    }

    /** A disable or delete the deletion threshold held back: logged as {@code stagedDelete}, nothing sent. */
    static LogEntry staged(LogEntry entry, long count, int threshold) {
        String reason = "this cycle would disable or delete " + count + " objects, more than the app's threshold of " + threshold
                + "; the change is held until an admin allows the deletes";
        List<Step> steps = new ArrayList<>(entry.steps());
        steps.add(new Step(StepType.PROCESSING, "AccidentalDeletionPrevention", StepStatus.WARNING, reason,
                Map.of("HeldAction", entry.action().toString(), "Count", count, "Threshold", threshold)));
        return copy(entry, LoggedAction.STAGED_DELETE, StepStatus.WARNING, entry.code(), "TooManyDeletes",
                new ErrorInformation("TooManyDeletes", reason,
                        "check the status's held objects; if the change is intended, POST /api/v1/apps/{app}/allow-deletes,"
                                + " otherwise fix the assignments, directory or rules and restart the job"), steps, entry.targetIdentity());
    }

    static LogEntry copy(LogEntry e, LoggedAction action, StepStatus status, String code, String entraCode, ErrorInformation error,
                         List<Step> steps, LogEntry.Identity target) {
        return new LogEntry(e.id(), e.activityDateTime(), e.app(), e.cycleId(), e.changeId(), action, status, code, entraCode, error,
                steps, e.modifiedProperties(), e.sourceIdentity(), target, e.revision(), e.durationMs());
    }
}
