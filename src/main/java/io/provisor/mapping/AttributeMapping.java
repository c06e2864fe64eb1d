package io.provisor.mapping;

import io.provisor.mapping.expr.Expression;
import io.provisor.model.TargetPath;

/**
 * One attribute mapping of an app: how a target attribute gets its value.
 *
 * @param type          direct (a source attribute), constant, expression, or none (leave the target alone)
 * @param source        the source attribute of a direct mapping
 * @param constant      the value of a constant mapping
 * @param expression    the parsed expression of an expression mapping
 * @param defaultIfNull written when the value is null, on create only (and, for none, when the target is empty)
 * @param apply         always, or on create only
 * @param matching      precedence as a matching attribute (1 first), or 0
 */
public record AttributeMapping(TargetPath target, Type type, String source, String constant, Expression expression,
                               String defaultIfNull, Apply apply, int matching) {

    public enum Type { DIRECT, CONSTANT, EXPRESSION, NONE }

    public enum Apply { ALWAYS, ON_CREATE }

    public boolean isMatching() {
        return matching > 0;
    }

    /** How the explanation shows where the value comes from. */
    public String describeSource() {
        return switch (type) {
            case DIRECT -> "[" + source + "]";
            case CONSTANT -> "\"" + constant + "\"";
            case EXPRESSION -> expression.text();
            case NONE -> "(none)";
        };
    }
}
