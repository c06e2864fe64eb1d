package io.provisor.mapping;

import io.provisor.mapping.expr.ExpressionError;

/** An attribute mapping's expression failed on one user's value, as a date that does not fit its format does. */
public final class MappingFailed extends RuntimeException {

    private final String target;

    MappingFailed(String target, String expression, ExpressionError cause) {
        super("the mapping of `" + target + "` failed: " + cause.getMessage() + " (in `" + expression + "`)", cause);
        this.target = target;
    }

    /** The target attribute the mapping writes. */
    public String target() {
        return target;
    }
}
