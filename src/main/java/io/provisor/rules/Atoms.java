package io.provisor.rules;

import io.provisor.rules.facts.ClauseOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;

/**
 * Reads the constraints of a DRL pattern in the forms rules compare attributes with values:
 * {@code department == "Sales"}, {@code Operators.equalsTo(department, "Sales")},
 * {@code attribute("costCenter") != "X"}, {@code country in ("US", "CA")}, {@code linked},
 * {@code !enabled}, {@code matchCount > 1}. Anything else is kept as its text.
 */
final class Atoms {

    private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final String FIELD = "(?:attribute\\(\\s*" + STRING + "\\s*\\)|(?:this\\.)?([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*))";
    private static final String VALUE = "(?:" + STRING + "|(-?\\d+|true|false))";
    private static final Pattern BINDING = Pattern.compile("^\\$\\w+\\s*:\\s*");
    private static final Pattern FLAG = Pattern.compile("^(!\\s*)?" + FIELD + "$");
    private static final Pattern COMPARE = Pattern.compile("^" + FIELD + "\\s*(==|!=|>=|<=|>|<)\\s*" + VALUE + "$");
    private static final Pattern COMPARE_REVERSED = Pattern.compile("^" + VALUE + "\\s*(==|!=)\\s*" + FIELD + "$");
    private static final Pattern FUNCTION = Pattern.compile("^(?:Operators\\.)?(\\w+)\\(\\s*" + FIELD + "\\s*(?:,\\s*" + STRING + ")?\\s*\\)$");
    private static final Pattern IN = Pattern.compile("^" + FIELD + "\\s+(not\\s+in|in)\\s*\\((.*)\\)$");
    private static final Pattern ITEM = Pattern.compile("\\s*" + STRING + "\\s*(,|$)");

    private Atoms() {
    }

    /**
     * One constraint.
     *
     * @param field    attribute or field path, null when the form is not known
     * @param operator {@code == != > >= < <=}, {@code is} (a boolean field, value true or false),
     *                 {@code in}, {@code not in}, or an {@code Operators} function name
     * @param values   the values compared with, unquoted
     * @param quoted   the values were string literals
     * @param text     the constraint as written, spaces collapsed
     */
    record Atom(String field, String operator, List<String> values, boolean quoted, String text, int line, int column) {

        boolean known() {
            return field != null;
        }

        /** As a scoping-filter clause operator, or null for comparisons filters do not make (numbers, flags). */
        ClauseOperator clauseOperator() {
            return switch (operator) {
                case "==", "in" -> quoted ? ClauseOperator.EQUALS : null;
                case "!=", "not in" -> quoted ? ClauseOperator.NOT_EQUALS : null;
                case "is", ">", ">=", "<", "<=" -> null;
                default -> function(operator);
            };
        }
    }

    /** Every pattern of a condition, however deeply nested in not, exists, or, forall and accumulate. */
    static void patterns(BaseDescr descr, Consumer<PatternDescr> out) {
        if (descr instanceof PatternDescr pattern) {
            out.accept(pattern);
            if (pattern.getSource() instanceof AccumulateDescr accumulate) {
                patterns(accumulate.getInput(), out);
            }
        } else if (descr instanceof ConditionalElementDescr element) {
            element.getDescrs().forEach(child -> patterns(child, out));
        }
    }

    /** The constraints of a pattern, in order. */
    static List<Atom> of(PatternDescr pattern) {
        List<Atom> atoms = new ArrayList<>();
        for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expression) {
                atoms.add(parse(expression.getExpression(), expression.getLine(), expression.getColumn() + 1));
            }
        }
        return atoms;
    }

    static Atom parse(String expression, int line, int column) {
        String text = BINDING.matcher(expression.strip().replaceAll("\\s+", " ")).replaceFirst("");
        Matcher m = FLAG.matcher(text);
        if (m.matches()) {
            return new Atom(field(m, 2), "is", List.of(m.group(1) == null ? "true" : "false"), false, text, line, column);
        }
        m = COMPARE.matcher(text);
        if (m.matches()) {
            boolean quoted = m.group(4) != null;
            return new Atom(field(m, 1), m.group(3), List.of(quoted ? unescape(m.group(4)) : m.group(5)), quoted, text, line, column);
        }
        m = COMPARE_REVERSED.matcher(text);
        if (m.matches()) {
            boolean quoted = m.group(1) != null;
            return new Atom(field(m, 4), m.group(3), List.of(quoted ? unescape(m.group(1)) : m.group(2)), quoted, text, line, column);
        }
        m = FUNCTION.matcher(text);
        if (m.matches() && function(m.group(1)) != null) {
            String name = m.group(1);
            List<String> values = m.group(4) == null ? List.of() : List.of(unescape(m.group(4)));
            return switch (name) {
                case "equalsTo" -> new Atom(field(m, 2), "==", values, true, text, line, column);
                case "notEqualsTo" -> new Atom(field(m, 2), "!=", values, true, text, line, column);
                case "isTrue" -> new Atom(field(m, 2), "is", List.of("true"), false, text, line, column);
                case "isFalse" -> new Atom(field(m, 2), "is", List.of("false"), false, text, line, column);
                default -> new Atom(field(m, 2), name, values, !values.isEmpty(), text, line, column);
            };
        }
        m = IN.matcher(text);
        if (m.matches()) {
            List<String> items = items(m.group(4));
            if (items != null) {
                return new Atom(field(m, 1), m.group(3).replaceAll("\\s+", " "), items, true, text, line, column);
            }
        }
        return new Atom(null, null, List.of(), false, text, line, column);
    }

    /** The field of a match whose {@link #FIELD} starts at {@code group}: attribute("x") or a path. */
    private static String field(Matcher m, int group) {
        return m.group(group) != null ? unescape(m.group(group)) : m.group(group + 1);
    }

    private static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        Matcher m = ITEM.matcher(list);
        int at = 0;
        while (at < list.length() && m.find(at) && m.start() == at) {
            items.add(unescape(m.group(1)));
            at = m.end();
        }
        return at == list.length() && !items.isEmpty() ? items : null;
    }

    private static ClauseOperator function(String name) {
        for (ClauseOperator operator : ClauseOperator.values()) {
            if (operator.function().equals(name)) {
                return operator;
            }
        }
        return null;
    }

    private static String unescape(String literal) {
        return DrlInspector.unescape(literal);
    }
}
