package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.connector.TargetError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what a SCIM target answered (or why it did not) into Entra's error codes. HTTP statuses map as the
 * provisioning-log table reads them: 409 {@code EntryConflict}; 429 {@code TooManyRequests} and 5xx
 * {@code InternalServerError}, both retryable and honouring {@code Retry-After}; 401 {@code Unauthorized} and
 * 403 {@code InsufficientRights}, both about the whole app; 405 {@code MethodNotAllowed}; 422
 * {@code UnprocessableEntity}; 501 {@code NotImplemented}. A 400 goes by its SCIM {@code scimType}:
 * {@code uniqueness} is an {@code EntryConflict}, {@code mutability} {@code NotPermitted}, {@code invalidFilter},
 * {@code invalidPath} and {@code noTarget} {@code SchemaAttributeNotFound}, anything else {@code UnprocessableEntity}.
 * The target's {@code detail} ends the reason, cut to one line.
 */
final class ScimErrors {

    static final String INCOMPATIBLE = "SystemForCrossDomainIdentityManagementServiceIncompatible";
    static final String MULTIPLE_ENTRIES = "SystemForCrossDomainIdentityManagementMultipleEntriesInResponse";
    static final String PROTOCOL_ERROR = "WebExceptionProtocolError";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DETAIL_LIMIT = 300;

    private ScimErrors() {
    }

    /** The error for a response with a status that is not a success. */
    static TargetError forStatus(String request, int status, HttpHeaders headers, String body, Clock clock) {
        String said = targetSaid(body);
        String what = request + " answered " + status + said;
        Duration retryAfter = retryAfter(headers, clock);
        return switch (status) {
            case 400 -> badRequest(request, scimType(body), said);
            case 401 -> new TargetError("Unauthorized", status, false, null, what + "; the target refused the credentials",
                    "Check the connector's token or OAuth2 client secret, then test the connection again.", true);
            case 403 -> new TargetError("InsufficientRights", status, false, null, what + "; the credentials lack the rights for it",
                    "Give the credentials the rights to read and write users and groups in the app.", true);
            case 404 -> new TargetError("InvalidAnchor", status, false, null, what + "; the object no longer exists in the target",
                    "The object was deleted in the app; restart provisioning so that it is matched or created again.", false);
            case 405 -> new TargetError("MethodNotAllowed", status, false, null, what,
                    "The app does not allow this request; check that it supports it, or turn the action off in targetActions.", false);
            case 409 -> conflict(status, what);
            case 413 -> new TargetError("UnprocessableEntity", status, false, null, what + "; the request was too large",
                    "Lower memberBatchSize in the connector settings.", false);
            case 422 -> unprocessable(status, what);
            case 429 -> new TargetError("TooManyRequests", status, true, retryAfter, what + "; the target is throttling",
                    "None needed: the request is retried after the wait the target asked for.", false);
            case 501 -> new TargetError("NotImplemented", status, false, null, what,
                    "The app does not implement this request; turn the feature off for this app or ask its vendor.", false);
            default -> otherStatus(status, what, retryAfter);
        };
    }

    private static TargetError otherStatus(int status, String what, Duration retryAfter) {
        if (status >= 500) {
            return new TargetError("InternalServerError", status, true, retryAfter, what,
                    "None needed: the request is retried later; if it keeps failing, check the app's health.", false);
        }
        if (status >= 400) {
            return unprocessable(status, what);
        }
        return new TargetError(PROTOCOL_ERROR, status, false, null, what + " (redirects are not followed)",
                "Check the base URL: it should be the app's SCIM endpoint itself.", false);
    }

    private static TargetError badRequest(String request, String scimType, String said) {
        String what = request + " answered 400" + (scimType == null ? "" : " " + scimType) + said;
        return switch (scimType == null ? "" : scimType.toLowerCase(Locale.ROOT)) {
            case "uniqueness" -> conflict(400, what);
            case "mutability" -> new TargetError("NotPermitted", 400, false, null, what + "; the attribute cannot be changed",
                    "Write the attribute on create only, or stop mapping it.", false);
            case "invalidfilter", "invalidpath", "notarget" -> new TargetError("SchemaAttributeNotFound", 400, false, null,
                    what + "; the target does not know or cannot filter on this attribute",
                    "Check the target attribute paths of the mappings and the matching attributes.", false);
            default -> unprocessable(400, what);
        };
    }

    private static TargetError conflict(int status, String what) {
        return new TargetError("EntryConflict", status, false, null, what + "; another object in the target has this value",
                "Change the conflicting value in the source, or match the existing object with the matching attributes.", false);
    }

    private static TargetError unprocessable(int status, String what) {
        return new TargetError("UnprocessableEntity", status, false, null, what + "; the target rejected the values",
                "Check the mapped values against what the app accepts.", false);
    }

    /** An answer that is not what SCIM promises (not JSON, not a resource, not a list). */
    static TargetError incompatible(int status, String reason) {
        return new TargetError(INCOMPATIBLE, status, false, null, reason,
                "Check that the base URL is the app's SCIM endpoint (e.g. https://host/scim/v2) and that it answers SCIM JSON.", false);
    }

    /** Why no answer came. */
    static TargetError transport(IOException failure, String request, URI uri, Duration timeout) {
        String where = uri.getHost() + ":" + port(uri);
        if (failure instanceof HttpConnectTimeoutException) {
            return timeout(request + ": no connection to " + where + " within " + timeout.toSeconds() + " s");
        }
        if (failure instanceof HttpTimeoutException) {
            return timeout(request + ": no answer within " + timeout.toSeconds() + " s");
        }
        Throwable tls = cause(failure, SSLException.class);
        if (tls != null) {
            return new TargetError(PROTOCOL_ERROR, 0, false, null, request + ": the TLS handshake with " + where
                    + " failed: " + oneLine(String.valueOf(tls.getMessage())),
                    "Check that the app presents a certificate this JVM trusts (TLS 1.2 or later).", true);
        }
        if (cause(failure, UnknownHostException.class) != null) {
            return new TargetError(PROTOCOL_ERROR, 0, true, null, request + ": the host `" + uri.getHost() + "` is unknown",
                    "Check the host name in the base URL.", false);
        }
        String reason = failure instanceof ConnectException ? "the connection to " + where + " was refused"
                : "the connection to " + where + " failed: " + oneLine(String.valueOf(failure.getMessage()));
        return new TargetError(PROTOCOL_ERROR, 0, true, null, request + ": " + reason,
                "Check that the app is running at the base URL's host and port; the request is retried later.", false, true);
    }

    /** provisor was stopped while it waited for the answer: a retry is up to the next cycle, not to this one. */
    static TargetError interrupted(String request, URI uri, Duration timeout) {
        TargetError error = transport(new IOException("interrupted"), request, uri, timeout);
        return new TargetError(error.code(), 0, true, null, error.reason(), error.recommendedAction(), false, false);
    }

    private static Throwable cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static TargetError timeout(String reason) {
        return new TargetError("Timeout", 0, true, null, reason,
                "None needed: the request is retried later; if it keeps timing out, raise timeoutSeconds or check the app.", false);
    }

    /** The same error, about the whole app: what Test Connection reports. */
    static TargetError connectionLevel(TargetError error) {
        return error.ofWholeApp(error.reason());
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers, Clock clock) {
        String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static String targetSaid(String body) {
        JsonNode error = errorBody(body);
        String detail = error == null ? null : error.path("detail").asText(null);
        return detail == null || detail.isBlank() ? "" : ": " + oneLine(detail);
    }

    private static String scimType(String body) {
        JsonNode error = errorBody(body);
        return error == null ? null : error.path("scimType").asText(null);
    }

    private static JsonNode errorBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= DETAIL_LIMIT ? line : line.substring(0, DETAIL_LIMIT) + "…";
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
