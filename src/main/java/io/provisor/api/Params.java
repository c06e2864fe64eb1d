package io.provisor.api;

import io.javalin.http.Context;
import io.provisor.codec.BadInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters, checked: a bad one is a 400 naming the parameter. */
final class Params {

    private Params() {
    }

    static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new BadInput("/" + name, "`" + name + "` must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadInput("/" + name, "`" + name + "` must be a whole number");
        }
    }

    static Instant instantParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadInput("/" + name, "`" + name + "` must be an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }

    static String oneOf(Context ctx, String name, java.util.Set<String> allowed) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!allowed.contains(text)) {
            throw new BadInput("/" + name, "`" + name + "` must be one of " + new java.util.TreeSet<>(allowed));
        }
        return text;
    }
}
