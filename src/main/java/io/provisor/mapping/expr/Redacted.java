package io.provisor.mapping.expr;

/**
 * A value produced under {@code Redact(...)}: it flows to the target as {@link #value()}, but logs and the
 * API show it as {@code [Redact]}. A value computed from a redacted value is redacted too.
 */
public record Redacted(Object value) {

    /** What logs and the API show instead of the value. */
    public static final String SHOWN_AS = "[Redact]";

    @Override
    public String toString() {
        return SHOWN_AS;
    }
}
