package io.provisor.mapping.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** How values of one kind are read as another: the coercions every function shares. */
final class Values {

    private Values() {
    }

    /** An attribute as the context gives it, with small integer types widened to Long and lists frozen. */
    static Object fromAttribute(Object raw) {
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Float f) {
            return f.doubleValue();
        }
        if (raw instanceof Collection<?> many) {
            List<Object> copy = new ArrayList<>(many.size());
            many.forEach(one -> copy.add(fromAttribute(one)));
            return Collections.unmodifiableList(copy);
        }
        return raw;
    }

    /** Null, the empty string and a multi-valued attribute with no values. */
    static boolean isNullOrEmpty(Object value) {
        return value == null || "".equals(value) || value instanceof List<?> list && list.isEmpty();
    }

    /** A single value as text the way .NET prints it: True/False, digits without a trailing ".0". */
    static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** A whole number, or null when the value is not one. */
    static Long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException notWhole) {
                return null;
            }
        }
        return null;
    }

    /** A number of either kind, or null when the value is not one. */
    static Double number(Object value) {
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException notNumber) {
                return null;
            }
        }
        return null;
    }

    /** True or False from a Boolean, the text "True"/"False" in any case, or a number (non-zero is true). */
    static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String word = s.strip().toLowerCase(Locale.ROOT);
            if (word.equals("true") || word.equals("false")) {
                return word.equals("true");
            }
        }
        Double number = number(value);
        return number == null ? null : number != 0;
    }

    /** "1st", "2nd", "3rd", "4th": argument positions in messages, counted from 1. */
    static String ordinal(int index) {
        int n = index + 1;
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    /** User text for a message, in backticks and cut short. */
    static String quote(Object value) {
        String text = String.valueOf(value instanceof String || value == null ? value : text(value));
        return "`" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "`";
    }
}
