package io.provisor.rules.facts;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Entra's scoping-filter operators, callable from DRL: {@code User(Operators.equalsTo(department, "Sales"))}.
 *
 * <p>Semantics: string comparisons are case-sensitive; a null or empty attribute makes every
 * operator false except {@code isNull} (true) and {@code isNotNull} (false); a multi-valued attribute
 * makes every operator false; {@code greaterThan*} compare integers only; regex matching is an
 * unanchored search that gives up (false) after {@value #REGEX_DEADLINE_MS} ms.
 * {@code inList} ({@code &}) is true when the attribute equals one of the comma-separated items of
 * the clause value; {@code notInList} ({@code !&}) when it equals none of them.
 */
public final class Operators {

    public static final long REGEX_DEADLINE_MS = 50;

    /** Compiled patterns by source text: a memo of immutable values, bounded so it cannot grow forever. */
    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final int MAX_PATTERNS = 10_000;

    private Operators() {
    }

    public static boolean inList(Object value, String items) {
        return evaluate(ClauseOperator.IN_LIST, value, items).passed();
    }

    public static boolean notInList(Object value, String items) {
        return evaluate(ClauseOperator.NOT_IN_LIST, value, items).passed();
    }

    public static boolean endsWith(Object value, String suffix) {
        return evaluate(ClauseOperator.ENDS_WITH, value, suffix).passed();
    }

    public static boolean equalsTo(Object value, String expected) {
        return evaluate(ClauseOperator.EQUALS, value, expected).passed();
    }

    public static boolean notEqualsTo(Object value, String expected) {
        return evaluate(ClauseOperator.NOT_EQUALS, value, expected).passed();
    }

    public static boolean includes(Object value, String part) {
        return evaluate(ClauseOperator.INCLUDES, value, part).passed();
    }

    public static boolean greaterThan(Object value, String bound) {
        return evaluate(ClauseOperator.GREATER_THAN, value, bound).passed();
    }

    public static boolean greaterThanOrEquals(Object value, String bound) {
        return evaluate(ClauseOperator.GREATER_THAN_OR_EQUALS, value, bound).passed();
    }

    public static boolean isTrue(Object value) {
        return evaluate(ClauseOperator.IS_TRUE, value, null).passed();
    }

    public static boolean isFalse(Object value) {
        return evaluate(ClauseOperator.IS_FALSE, value, null).passed();
    }

    public static boolean isNull(Object value) {
        return evaluate(ClauseOperator.IS_NULL, value, null).passed();
    }

    public static boolean isNotNull(Object value) {
        return evaluate(ClauseOperator.IS_NOT_NULL, value, null).passed();
    }

    public static boolean regexMatch(Object value, String pattern) {
        return evaluate(ClauseOperator.REGEX_MATCH, value, pattern).passed();
    }

    public static boolean notRegexMatch(Object value, String pattern) {
        return evaluate(ClauseOperator.NOT_REGEX_MATCH, value, pattern).passed();
    }

    /** Evaluates one clause and says why it is false when it is. */
    public static ClauseOutcome evaluate(ClauseOperator operator, Object value, String operand) {
        boolean present = User.isPresent(value);
        if (operator == ClauseOperator.IS_NULL) {
            return of(!present);
        }
        if (operator == ClauseOperator.IS_NOT_NULL) {
            return of(present);
        }
        if (!present) {
            return ClauseOutcome.FALSE;
        }
        if (User.isMultiValued(value)) {
            return ClauseOutcome.MULTI_VALUED;
        }
        String text = String.valueOf(value);
        return switch (operator) {
            case EQUALS -> of(text.equals(operand));
            case NOT_EQUALS -> of(!text.equals(operand));
            case ENDS_WITH -> of(text.endsWith(operand));
            case INCLUDES -> of(text.contains(operand));
            case IN_LIST -> of(listItems(operand).contains(text));
            case NOT_IN_LIST -> of(!listItems(operand).contains(text));
            case GREATER_THAN -> compareIntegers(value, operand, 1);
            case GREATER_THAN_OR_EQUALS -> compareIntegers(value, operand, 0);
            case IS_TRUE -> of(booleanValue(value) == Boolean.TRUE);
            case IS_FALSE -> of(booleanValue(value) == Boolean.FALSE);
            case REGEX_MATCH -> find(operand, text, true);
            case NOT_REGEX_MATCH -> find(operand, text, false);
            case IS_NULL, IS_NOT_NULL -> throw new IllegalStateException("handled above");
        };
    }

    /** The items of an {@code &} / {@code !&} value: comma-separated, trimmed. */
    public static java.util.List<String> listItems(String operand) {
        return Arrays.stream(operand.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** The integer value of a clause operand or attribute, or null when it is not an integer. */
    public static Long integerValue(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s && s.trim().matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(s.trim());
        }
        return null;
    }

    private static ClauseOutcome compareIntegers(Object value, String operand, int minimumSign) {
        Long left = integerValue(value);
        Long right = integerValue(operand);
        if (left == null || right == null) {
            return ClauseOutcome.FALSE;
        }
        return of(Long.compare(left, right) >= minimumSign);
    }

    private static Boolean booleanValue(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value);
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    private static ClauseOutcome find(String pattern, String text, boolean wanted) {
        try {
            boolean found = compile(pattern).matcher(DeadlineCharSequence.within(text, REGEX_DEADLINE_MS)).find();
            return of(found == wanted);
        } catch (DeadlineCharSequence.Expired expired) {
            return ClauseOutcome.REGEX_TIMED_OUT;
        }
    }

    /** Compiles with Java's syntax; throws PatternSyntaxException for a bad pattern. */
    public static Pattern compile(String pattern) {
        Pattern compiled = PATTERNS.get(pattern);
        if (compiled == null) {
            compiled = Pattern.compile(pattern);
            if (PATTERNS.size() < MAX_PATTERNS) {
                PATTERNS.putIfAbsent(pattern, compiled);
            }
        }
        return compiled;
    }

    private static ClauseOutcome of(boolean passed) {
        return passed ? ClauseOutcome.TRUE : ClauseOutcome.FALSE;
    }

    /** Text whose reads fail once a deadline has passed, so a backtracking pattern cannot hang a request. */
    static final class DeadlineCharSequence implements CharSequence {
        static final class Expired extends RuntimeException {
            Expired() {
                super("regex deadline passed", null, false, false);
            }
        }

        private final CharSequence text;
        private final long deadline;
        private int reads;

        static DeadlineCharSequence within(CharSequence text, long millis) {
            return new DeadlineCharSequence(text, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
        }

        private DeadlineCharSequence(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0 && System.nanoTime() > deadline) {
                throw new Expired();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
