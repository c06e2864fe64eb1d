package io.provisor.mapping.expr;

/**
 * Thrown through the calls around an IgnoreFlowIfNullOrEmpty that fired, so that the whole expression
 * yields {@link Expression#IGNORE}: dropping the attribute is a decision about the attribute, wherever
 * the call sits. Control flow only, so it carries no stack trace.
 */
final class Ignored extends RuntimeException {

    Ignored() {
        super("attribute dropped from the flow", null, false, false);
    }
}
