package io.provisor.mapping.expr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The arguments of one call during one evaluation. Each argument is evaluated when a function first
 * asks for it, and at most once, so IIF and Switch never run the branches they do not take (and Guid in
 * an untaken branch draws nothing from the random source). Unwraps {@link Redacted} values, remembering
 * that it did, and turns {@link Expression#IGNORE} into {@link Ignored}.
 */
final class Args {

    private final Call call;
    private final Expression.Context context;
    private final Object[] values;
    private final boolean[] evaluated;
    private boolean redacted;

    Args(Call call, Expression.Context context) {
        this.call = call;
        this.context = context;
        this.values = new Object[call.args().size()];
        this.evaluated = new boolean[values.length];
    }

    Expression.Context context() {
        return context;
    }

    int count() {
        return values.length;
    }

    boolean given(int index) {
        return call.given(index);
    }

    boolean redacted() {
        return redacted;
    }

    /** The argument's value, a list for a multi-valued one; null when absent or left out. */
    Object value(int index) {
        if (index >= values.length) {
            return null;
        }
        if (!evaluated[index]) {
            Object value = call.args().get(index).evaluate(context);
            if (value == Expression.IGNORE) {
                throw new Ignored();
            }
            if (value instanceof Redacted secret) {
                redacted = true;
                value = secret.value();
            }
            values[index] = value;
            evaluated[index] = true;
        }
        return values[index];
    }

    /** The argument as one value: a list of one gives its element, an empty list null, more is an error. */
    Object single(int index) {
        Object value = value(index);
        if (value instanceof List<?> list) {
            if (list.size() > 1) {
                throw invalid(index, "`" + call.name() + "` expects one value as its " + Values.ordinal(index)
                        + " argument, not " + list.size());
            }
            return list.isEmpty() ? null : list.get(0);
        }
        return value;
    }

    String text(int index) {
        return Values.text(single(index));
    }

    /** Null when the argument is null; an error when it is something other than a whole number. */
    Long integer(int index) {
        Object value = single(index);
        if (value == null) {
            return null;
        }
        Long number = Values.integer(value);
        if (number == null) {
            throw invalid(index, Values.quote(value) + " is not a whole number");
        }
        return number;
    }

    long requiredInteger(int index) {
        Long number = integer(index);
        if (number == null) {
            throw invalid(index, "`" + call.name() + "` needs a whole number as its " + Values.ordinal(index) + " argument");
        }
        return number;
    }

    /** Every value of the argument: none for null, one for a single value. */
    List<?> values(int index) {
        Object value = value(index);
        return value == null ? List.of() : value instanceof List<?> list ? list : List.of(value);
    }

    /** The attributes read anywhere inside the argument. */
    Set<String> attributesIn(int index) {
        Set<String> names = new LinkedHashSet<>();
        if (index < values.length) {
            call.args().get(index).collectAttributes(names, true);
        }
        return names;
    }

    int offsetOf(int index) {
        return call.offsetOf(index);
    }

    ExpressionError invalid(int index, String message) {
        return call.invalid(index, message);
    }

    ExpressionError error(String code, String message) {
        return new ExpressionError(code, message, call.offset());
    }
}
