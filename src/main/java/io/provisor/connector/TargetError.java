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
 */
public record TargetError(String code, int httpStatus, boolean retryable, Duration retryAfter, String reason,
                          String recommendedAction, boolean connectionLevel) {
}
