package io.provisor.mapping.expr;

import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 * replacementAttributeName, template)}. Which arguments are written, not their values, selects the mode,
 * so a call whose arguments fit no mode is rejected at parse time:
 * <ul>
 * <li>oldValue and template: the template with each oldValue replaced by the source;
 * <li>oldValue and replacementValue: each oldValue in the source replaced, case-sensitively;
 * <li>regexPattern and replacementValue: each match replaced, {@code ${name}} and {@code $1} naming groups;
 * <li>regexPattern, regexGroupName and replacementValue: only that group of each match replaced;
 * <li>regexPattern, regexGroupName and replacementAttributeName: the source when it has a value,
 *     otherwise that group of the first match in the other attribute.
 * </ul>
 * Choices: a null source gives null in every mode but the last; an empty oldValue replaces nothing; a
 * template wins over a replacementValue when both are written; the last mode gives null when nothing
 * matches. Patterns are Java's, which read the doc's .NET examples the same way; replacement strings
 * follow .NET ({@code $$} is a dollar, an unknown group stays as written).
 */
final class ReplaceFunction {

    private static final int SOURCE = 0;
    private static final int OLD_VALUE = 1;
    private static final int PATTERN = 2;
    private static final int GROUP = 3;
    private static final int REPLACEMENT = 4;
    private static final int REPLACEMENT_ATTRIBUTE = 5;
    private static final int TEMPLATE = 6;

    private ReplaceFunction() {
    }

    static List<FunctionSpec> all() {
        return List.of(FunctionSpec.of("Replace", 1, 7, ReplaceFunction::replace).checked(ReplaceFunction::check));
    }

    private static void check(Call call) {
        if (call.given(OLD_VALUE) == call.given(PATTERN)) {
            throw call.invalid(call.given(PATTERN) ? PATTERN : SOURCE,
                    "`Replace` needs either an oldValue (2nd argument) or a regexPattern (3rd), not both or neither");
        }
        boolean fits = call.given(OLD_VALUE) ? call.given(TEMPLATE) || call.given(REPLACEMENT)
                : call.given(REPLACEMENT) || call.given(GROUP) && call.given(REPLACEMENT_ATTRIBUTE);
        if (!fits) {
            throw call.invalid(call.given(OLD_VALUE) ? OLD_VALUE : PATTERN, call.given(OLD_VALUE)
                    ? "`Replace` with an oldValue needs a replacementValue (5th argument) or a template (7th)"
                    : "`Replace` with a regexPattern needs a replacementValue (5th argument) or a regexGroupName "
                    + "and a replacementAttributeName (4th and 6th)");
        }
        call.literal(PATTERN).ifPresent(pattern -> {
            Pattern compiled = compile(String.valueOf(pattern), () -> call.offsetOf(PATTERN));
            call.literal(GROUP).ifPresent(group -> requireGroup(compiled, String.valueOf(group), call.offsetOf(GROUP)));
        });
    }

    private static Object replace(Args args) {
        if (args.given(OLD_VALUE)) {
            String source = args.text(SOURCE);
            String old = args.text(OLD_VALUE);
            if (args.given(TEMPLATE)) {
                String template = args.text(TEMPLATE);
                return source == null || template == null ? null : replaceLiteral(template, old, source);
            }
            return source == null ? null : replaceLiteral(source, old, args.text(REPLACEMENT));
        }
        String patternText = args.text(PATTERN);
        if (patternText == null) {
            return args.text(SOURCE);
        }
        Pattern pattern = compile(patternText, () -> args.offsetOf(PATTERN));
        String group = args.given(GROUP) ? args.text(GROUP) : null;
        if (group != null) {
            requireGroup(pattern, group, args.offsetOf(GROUP));
        }
        if (args.given(REPLACEMENT_ATTRIBUTE) && !args.given(REPLACEMENT)) {
            String source = args.text(SOURCE);
            if (source != null && !source.isEmpty()) {
                return source;
            }
            String other = args.text(REPLACEMENT_ATTRIBUTE);
            Matcher match = other == null || group == null ? null : pattern.matcher(other);
            return match != null && match.find() ? match.group(group) : null;
        }
        String source = args.text(SOURCE);
        if (source == null) {
            return null;
        }
        String replacement = args.text(REPLACEMENT);
        return group == null ? replaceMatches(pattern, source, replacement) : replaceGroup(pattern, source, group, replacement);
    }

    private static String replaceLiteral(String text, String old, String replacement) {
        return old == null || old.isEmpty() ? text : text.replace(old, replacement == null ? "" : replacement);
    }

    private static String replaceMatches(Pattern pattern, String source, String replacement) {
        Matcher match = pattern.matcher(source);
        StringBuilder out = new StringBuilder();
        while (match.find()) {
            match.appendReplacement(out, Matcher.quoteReplacement(expand(replacement, match)));
        }
        return match.appendTail(out).toString();
    }

    private static String replaceGroup(Pattern pattern, String source, String group, String replacement) {
        Matcher match = pattern.matcher(source);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        while (match.find()) {
            if (match.start(group) >= 0) {
                out.append(source, copied, match.start(group)).append(expand(replacement, match));
                copied = match.end(group);
            }
        }
        return out.append(source, copied, source.length()).toString();
    }

    /** A .NET replacement string: {@code $$}, {@code $&}, {@code $n} and {@code ${name}} refer to the match. */
    static String expand(String replacement, Matcher match) {
        if (replacement == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            String next = i + 1 < replacement.length() ? replacement.substring(i + 1) : "";
            if (c != '$' || next.isEmpty()) {
                out.append(c);
            } else if (next.charAt(0) == '$') {
                out.append('$');
                i++;
            } else if (next.charAt(0) == '&') {
                out.append(match.group());
                i++;
            } else if (next.charAt(0) == '{' && next.indexOf('}') > 0) {
                String name = next.substring(1, next.indexOf('}'));
                String value = group(match, name);
                out.append(value != null ? value : "$" + next.substring(0, next.indexOf('}') + 1));
                i += next.indexOf('}') + 1;
            } else if (Character.isDigit(next.charAt(0)) && Character.getNumericValue(next.charAt(0)) <= match.groupCount()) {
                String value = match.group(Character.getNumericValue(next.charAt(0)));
                out.append(value == null ? "" : value);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String group(Matcher match, String name) {
        try {
            String value = name.chars().allMatch(Character::isDigit) ? match.group(Integer.parseInt(name)) : match.group(name);
            return value == null ? "" : value;
        } catch (IllegalArgumentException | IndexOutOfBoundsException noSuchGroup) {
            return null;
        }
    }

    private static Pattern compile(String pattern, IntSupplier offset) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ExpressionError.invalidArgument("the regexPattern " + Values.quote(pattern) + " is not a valid "
                    + "regular expression: " + e.getDescription().toLowerCase(Locale.ROOT), offset.getAsInt());
        }
    }

    private static void requireGroup(Pattern pattern, String group, int offset) {
        if (!pattern.pattern().contains("(?<" + group + ">")) {
            throw ExpressionError.invalidArgument("the regexPattern has no group named " + Values.quote(group), offset);
        }
    }
}
