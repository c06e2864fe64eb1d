package io.provisor.store;

import java.time.Instant;

/**
 * A search of one app's provisioning logs, newest first.
 *
 * @param q      a display name or user principal name (any case), or a source or target id; null for all
 * @param cursor the position after which the page starts (from the previous page), or null
 */
public record LogQuery(String app, String q, String action, String status, String cycleId, Instant from, Instant to,
                       int limit, LogCursor cursor) {

    public static final int MAX_LIMIT = 1000;
}
