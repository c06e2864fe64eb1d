package io.provisor.connector;

import java.time.Duration;

/**
 * Why a request to the target failed, in the terms of Entra's provisioning logs.
 *
 * @param code              Entra's error code, e.g. {@code EntryConflict}, {@code TooManyRequests}, {@code Timeout}
 * @param httpStatus        the target's HTTP status, or 0 when no response arrived
 * @param retryable         a later attempt of the same request may succeed
 * @param retryAfter        how long the target asked us to wait (429 Retry-After), or null
 * @param reason            what happened, in one sentence; never contains a secret
 * @param recommendedAction what an admin should do
 * @param connectionLevel   the failure concerns the whole app (credentials, wrong URL, not a SCIM endpoint),
 *                          not one object: the app is quarantined at once
 * @param unanswered        the connection failed before the target answered (refused, closed or reset), so the
 *                          request may or may not have been applied, and a new connection may well succeed
 */
public record TargetError(String code, int httpStatus, boolean retryable, Duration retryAfter, String reason,
                          String recommendedAction, boolean connectionLevel, boolean unanswered) {

    /** An error whose target did answer, or that no new connection would mend. */
    public TargetError(String code, int httpStatus, boolean retryable, Duration retryAfter, String reason,
                       String recommendedAction, boolean connectionLevel) {
        this(code, httpStatus, retryable, retryAfter, reason, recommendedAction, connectionLevel, false);
    }

    /** The same error told in other words (secrets masked, more context); everything else is kept. */
    public TargetError withReason(String newReason, String newAction) {
        return new TargetError(code, httpStatus, retryable, retryAfter, newReason, newAction, connectionLevel, unanswered);
    }

    /** The same error, about the whole app (the app is quarantined at once): no retry of the object would help. */
    public TargetError ofWholeApp(String newReason) {
        return new TargetError(code, httpStatus, retryable, retryAfter, newReason, recommendedAction, true, false);
    }
}
