package io.provisor.mapping.expr;

import java.util.List;
import java.util.Set;

/**
 * {@code left op right} with one of {@code = <> > >= < <=}, allowed only where a condition is expected
 * (IIF's first argument, CBool's argument). Null compares as the empty string. When one side is a
 * number and the other reads as one, the comparison is numeric; when one side is a Boolean and the
 * other reads as True/False, it is boolean; otherwise it compares text, case-sensitively, code unit
 * by code unit.
 */
record Comparison(String operator, Node left, Node right, int operatorOffset) implements Node {

    static final List<String> OPERATORS = List.of("<>", ">=", "<=", "=", ">", "<");

    @Override
    public int offset() {
        return left.offset();
    }

    @Override
    public Object evaluate(Expression.Context context) {
        Object[] sides = {left.evaluate(context), right.evaluate(context)};
        boolean redacted = false;
        for (int i = 0; i < sides.length; i++) {
            if (sides[i] == Expression.IGNORE) {
                throw new Ignored();
            }
            if (sides[i] instanceof Redacted secret) {
                redacted = true;
                sides[i] = secret.value();
            }
            if (sides[i] instanceof List<?> list) {
                throw ExpressionError.invalidArgument("a comparison needs one value on each side, not a list of "
                        + list.size(), (i == 0 ? left : right).offset());
            }
        }
        boolean result = holds(compare(sides[0], sides[1]));
        return redacted ? new Redacted(result) : result;
    }

    private boolean holds(int order) {
        return switch (operator) {
            case "=" -> order == 0;
            case "<>" -> order != 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            case "<" -> order < 0;
            default -> order <= 0;
        };
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Number || b instanceof Number) {
            Double x = Values.number(a);
            Double y = Values.number(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            Boolean x = Values.bool(a);
            Boolean y = Values.bool(b);
            if (x != null && y != null) {
                return Boolean.compare(x, y);
            }
        }
        String x = a == null ? "" : Values.text(a);
        String y = b == null ? "" : Values.text(b);
        return Integer.signum(x.compareTo(y));
    }

    @Override
    public void collectAttributes(Set<String> into, boolean readOnly) {
        left.collectAttributes(into, readOnly);
        right.collectAttributes(into, readOnly);
    }
}
