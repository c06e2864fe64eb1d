package io.provisor.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A provisioning log record: one per object processed, in the shape of Microsoft Graph's
 * {@code provisioningObjectSummary} so admins find what they know.
 *
 * @param changeId         the change of this object within the cycle (the join key of CSV exports)
 * @param errorInformation present when the status is failure or warning
 * @param revision         the rule-set revision that decided
 */
public record LogEntry(
        String id,
        Instant activityDateTime,
        String app,
        String cycleId,
        String changeId,
        LoggedAction action,
        StepStatus status,
        String code,
        String entraCode,
        ErrorInformation errorInformation,
        List<Step> steps,
        List<AttributeChange> modifiedProperties,
        Identity sourceIdentity,
        Identity targetIdentity,
        String revision,
        long durationMs) {

    public LogEntry {
        steps = steps == null ? List.of() : List.copyOf(steps);
        modifiedProperties = modifiedProperties == null ? List.of() : List.copyOf(modifiedProperties);
    }

    /** Graph's actions, including {@code stagedDelete} for deletions held back by the accidental-deletion threshold. */
    public enum LoggedAction {
        CREATE("create"), UPDATE("update"), DISABLE("disable"), DELETE("delete"), STAGED_DELETE("stagedDelete"),
        SKIP("skip"), NONE("none");

        private final String wireName;

        LoggedAction(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String toString() {
            return wireName;
        }

        public static LoggedAction of(Action action) {
            return valueOf(action.name());
        }

        public static LoggedAction parse(String text) {
            for (LoggedAction action : values()) {
                if (action.wireName.equals(text)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown action `" + text + "`");
        }
    }

    /** Why an object failed: provisor's code, the reason, and what to do. */
    public record ErrorInformation(String errorCode, String reason, String recommendedAction) {
    }

    /**
     * An object as the log names it.
     *
     * @param userPrincipalName for users, so a search by name finds them
     */
    public record Identity(String id, String displayName, String userPrincipalName, String identityType) {
    }

    public static StepStatus parseStatus(String text) {
        return StepStatus.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
