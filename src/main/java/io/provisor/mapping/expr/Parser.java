package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads an expression in one left-to-right pass and binds each call to its function, so that every
 * problem is found at parse time where the text allows it, at the offset where it is.
 */
final class Parser {

    static final int MAX_LENGTH = 10_000;
    /** Deep enough for any real mapping, shallow enough that recursion cannot exhaust the stack. */
    static final int MAX_DEPTH = 100;

    private static final Map<String, Object> CONSTANTS =
            Map.of("True", true, "False", false, "vbBinaryCompare", 0L, "vbTextCompare", 1L);
    /** The only places a comparison may stand: a condition. */
    private static final Set<String> TAKE_A_CONDITION = Set.of("IIF", "CBool");
    private static final String TOP_LEVEL_ONLY = "SelectUniqueValue";

    private final String text;
    private final Predicate<String> knownAttribute;
    private int pos;

    Parser(String text, Predicate<String> knownAttribute) {
        this.text = text;
        this.knownAttribute = knownAttribute;
    }

    Node parseWhole() {
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionError("expression_too_long", "the expression is " + text.length()
                    + " characters long; the limit is 10,000", MAX_LENGTH);
        }
        skipSpace();
        if (atEnd()) {
            throw ExpressionError.syntax("the expression is empty", pos);
        }
        Node root = operand(0);
        skipSpace();
        if (!atEnd()) {
            String operator = operatorAhead();
            throw operator != null ? misplacedComparison(operator)
                    : ExpressionError.syntax("unexpected " + describeNext() + " after the end of the expression", pos);
        }
        return root;
    }

    private Node operand(int depth) {
        skipSpace();
        if (atEnd()) {
            throw ExpressionError.syntax("unexpected end of the expression", pos);
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            return attribute(true);
        }
        if (isDigit(pos) || c == '-' && isDigit(pos + 1)) {
            return number();
        }
        if (c == '&') {
            return hexNumber();
        }
        if (Character.isLetter(c) || c == '_') {
            return nameOrCall(depth);
        }
        throw ExpressionError.syntax("unexpected " + describeNext(), pos);
    }

    private Node string() {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return new Node.Literal(value.toString(), start);
            }
            if (c == '\\' && pos + 1 < text.length() && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '\\')) {
                c = text.charAt(++pos);
            }
            value.append(c);
            pos++;
        }
        throw ExpressionError.syntax("unclosed string", start);
    }

    private Node attribute(boolean mustBeKnown) {
        int start = pos;
        int close = text.indexOf(']', start);
        if (close < 0) {
            throw ExpressionError.syntax("unclosed `[`", start);
        }
        String name = text.substring(start + 1, close);
        if (name.isBlank()) {
            throw ExpressionError.syntax("an attribute needs a name between `[` and `]`", start);
        }
        pos = close + 1;
        if (mustBeKnown && !knownAttribute.test(name)) {
            throw new ExpressionError("unknown_attribute", "unknown attribute " + Values.quote(name), start);
        }
        return new Node.Attribute(name, start);
    }

    private Node number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (isDigit(pos)) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '.' && isDigit(pos + 1)) {
            throw ExpressionError.syntax("only whole numbers are supported", start);
        }
        return new Node.Literal(parseLong(text.substring(start, pos), 10, start), start);
    }

    private Node hexNumber() {
        int start = pos;
        pos++;
        if (atEnd() || Character.toUpperCase(text.charAt(pos)) != 'H' || Character.digit(charAt(pos + 1), 16) < 0) {
            throw ExpressionError.syntax("expected a hexadecimal number such as `&HF7`", start);
        }
        int digits = ++pos;
        while (Character.digit(charAt(pos), 16) >= 0) {
            pos++;
        }
        return new Node.Literal(parseLong(text.substring(digits, pos), 16, start), start);
    }

    private long parseLong(String digits, int radix, int start) {
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException tooLarge) {
            throw ExpressionError.syntax("the number " + Values.quote(text.substring(start, pos)) + " is too large", start);
        }
    }

    private Node nameOrCall(int depth) {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        skipSpace();
        if (!atEnd() && text.charAt(pos) == '(') {
            return call(name, start, depth);
        }
        if (CONSTANTS.containsKey(name)) {
            return new Node.Literal(CONSTANTS.get(name), start);
        }
        if (Functions.find(name).isPresent()) {
            throw ExpressionError.syntax("expected `(` after the function name `" + name + "`", pos);
        }
        throw ExpressionError.syntax("unexpected name `" + name + "`; write an attribute as `[" + name
                + "]` and a string as `\"" + name + "\"`", start);
    }

    private Call call(String name, int start, int depth) {
        FunctionSpec function = Functions.find(name).orElseThrow(() -> unknownFunction(name, start));
        if (depth >= MAX_DEPTH) {
            throw new ExpressionError("too_deep", "calls are nested more than " + MAX_DEPTH + " deep", start);
        }
        if (depth > 0 && name.equals(TOP_LEVEL_ONLY)) {
            throw new ExpressionError("misplaced_function", "`" + name + "` must be the whole expression, not inside another call", start);
        }
        int open = pos++;
        List<Node> args = new ArrayList<>();
        skipSpace();
        if (!atEnd() && text.charAt(pos) == ')') {
            pos++;
        } else {
            while (true) {
                args.add(argument(function, args.size(), depth + 1));
                skipSpace();
                if (atEnd()) {
                    throw ExpressionError.syntax("unclosed `(` of `" + name + "`", open);
                }
                char c = text.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw ExpressionError.syntax("expected `,` or `)` but found " + describeNext(), pos);
                }
            }
        }
        Call call = new Call(function, args, start);
        verify(call);
        return call;
    }

    private Node argument(FunctionSpec function, int index, int depth) {
        skipSpace();
        if (atEnd() || text.charAt(pos) == ',' || text.charAt(pos) == ')') {
            return new Node.Omitted(pos);
        }
        if (!function.readsArguments() && text.charAt(pos) == '[') {
            return attribute(false);
        }
        Node left = operand(depth);
        skipSpace();
        String operator = operatorAhead();
        if (operator == null) {
            return left;
        }
        if (index != 0 || !TAKE_A_CONDITION.contains(function.name())) {
            throw misplacedComparison(operator);
        }
        int operatorOffset = pos;
        pos += operator.length();
        return new Comparison(operator, left, operand(depth), operatorOffset);
    }

    private static void verify(Call call) {
        FunctionSpec function = call.function();
        int count = call.args().size();
        if (!function.accepts(count)) {
            throw new ExpressionError("argument_count", "`" + function.name() + "` takes " + function.arity()
                    + ", not " + count, call.offset());
        }
        for (int i = 0; i < Math.min(count, function.minArgs()); i++) {
            if (!call.given(i) && !function.omittable().contains(i)) {
                throw new ExpressionError("missing_argument", "`" + function.name() + "` needs its "
                        + Values.ordinal(i) + " argument", call.offsetOf(i));
            }
        }
        function.check().check(call);
    }

    private ExpressionError unknownFunction(String name, int start) {
        String hint = Functions.names().stream().filter(known -> known.equalsIgnoreCase(name)).findFirst()
                .map(known -> "; function names are case-sensitive: did you mean `" + known + "`?").orElse("");
        return new ExpressionError("unknown_function", "unknown function `" + name + "`" + hint, start);
    }

    private ExpressionError misplacedComparison(String operator) {
        return ExpressionError.syntax("a comparison such as `" + operator
                + "` is allowed only as the condition of `IIF` or the argument of `CBool`", pos);
    }

    private String operatorAhead() {
        return Comparison.OPERATORS.stream().filter(op -> text.startsWith(op, pos)).findFirst().orElse(null);
    }

    private String describeNext() {
        return atEnd() ? "end of the expression" : "`" + text.charAt(pos) + "`";
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private boolean isDigit(int at) {
        return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
    }

    private char charAt(int at) {
        return at < text.length() ? text.charAt(at) : '\0';
    }
}
