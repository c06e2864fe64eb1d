package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Functions that cut, join, search and re-case text. Positions count from 1, as in VBA. */
final class StringFunctions {

    private StringFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("Append", 2, StringFunctions::append),
                FunctionSpec.of("Join", 2, FunctionSpec.VARIADIC, StringFunctions::join),
                FunctionSpec.of("Left", 2, StringFunctions::left),
                FunctionSpec.of("Mid", 3, StringFunctions::mid).checked(StringFunctions::checkMid),
                FunctionSpec.of("Word", 3, StringFunctions::word),
                FunctionSpec.of("InStr", 2, 4, StringFunctions::inStr).checked(StringFunctions::checkInStr),
                FunctionSpec.of("StripSpaces", 1, args -> map(args.text(0), s -> s.replace(" ", ""))),
                FunctionSpec.of("NormalizeDiacritics", 1, args -> map(args.text(0), Diacritics::normalize)),
                FunctionSpec.of("PCase", 1, 2, args -> map(args.text(0), s -> ProperCase.apply(s, args.text(1)))),
                FunctionSpec.of("ToLower", 1, 2, args -> map(args.text(0), s -> s.toLowerCase(culture(args))))
                        .checked(StringFunctions::checkCulture),
                FunctionSpec.of("ToUpper", 1, 2, args -> map(args.text(0), s -> s.toUpperCase(culture(args))))
                        .checked(StringFunctions::checkCulture));
    }

    private static String map(String text, UnaryOperator<String> operation) {
        return text == null ? null : operation.apply(text);
    }

    /** Source + suffix. Choice: a null side counts as empty; the result is null only when both are null. */
    private static Object append(Args args) {
        String source = args.text(0);
        String suffix = args.text(1);
        if (source == null && suffix == null) {
            return null;
        }
        return (source == null ? "" : source) + (suffix == null ? "" : suffix);
    }

    /**
     * The sources, each value of a multi-valued one, joined with the separator. Null and empty values
     * are left out (the doc's {@code Join(", ", "", [surname], [givenName])} gives "Doe, John"); with
     * nothing left the result is the empty string, as .NET's String.Join gives.
     */
    private static Object join(Args args) {
        String separator = args.text(0);
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < args.count(); i++) {
            for (Object value : args.values(i)) {
                String text = Values.text(value);
                if (text != null && !text.isEmpty()) {
                    parts.add(text);
                }
            }
        }
        return String.join(separator == null ? "" : separator, parts);
    }

    /** As documented: null gives "", 0 gives "", a negative count gives the whole string. */
    private static Object left(Args args) {
        String text = args.text(0);
        long count = args.requiredInteger(1);
        if (text == null || count == 0) {
            return "";
        }
        return count < 0 || count >= text.length() ? text : text.substring(0, (int) count);
    }

    /**
     * The substring at a 1-based start, cut at the end of the source. Choices: a null source gives ""
     * (as Left does); a start past the end gives ""; a start below 1 or a negative length is an error.
     */
    private static Object mid(Args args) {
        String text = args.text(0);
        long start = args.requiredInteger(1);
        long length = args.requiredInteger(2);
        if (start < 1) {
            throw args.invalid(1, "`Mid` counts from 1, so the start cannot be " + start);
        }
        if (length < 0) {
            throw args.invalid(2, "the length cannot be negative");
        }
        if (text == null || start > text.length()) {
            return "";
        }
        return text.substring((int) start - 1, (int) Math.min(text.length(), start - 1 + Math.min(length, text.length())));
    }

    private static void checkMid(Call call) {
        call.literal(1).map(Values::integer).filter(start -> start < 1)
                .ifPresent(start -> { throw call.invalid(1, "`Mid` counts from 1, so the start cannot be " + start); });
        call.literal(2).map(Values::integer).filter(length -> length < 0)
                .ifPresent(length -> { throw call.invalid(2, "the length cannot be negative"); });
    }

    /**
     * The n-th word (from 1), words being separated by any one of the delimiter characters. As
     * documented, n below 1, a null string or too few words give "". Choice: runs of delimiters make no
     * empty words, so "a,,b" has two words.
     */
    private static Object word(Args args) {
        String text = args.text(0);
        long number = args.requiredInteger(1);
        String delimiters = args.text(2);
        if (text == null || number < 1) {
            return "";
        }
        long seen = 0;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean boundary = i == text.length() || delimiters != null && delimiters.indexOf(text.charAt(i)) >= 0;
            if (!boundary && start < 0) {
                start = i;
            } else if (boundary && start >= 0) {
                if (++seen == number) {
                    return text.substring(start, i);
                }
                start = -1;
            }
        }
        return "";
    }

    /**
     * The 1-based position of the first occurrence at or after {@code start} (default 1), 0 when there is
     * none, as VBA's InStr. Compare modes: vbBinaryCompare (0, the default, case-sensitive) and
     * vbTextCompare (1, case-insensitive), as the constants or as strings. Choices: a null string gives
     * 0; an empty or null search string gives the start; a start below 1 is an error.
     */
    private static Object inStr(Args args) {
        String text = args.text(0);
        String sought = args.text(1);
        Long given = args.integer(2);
        long start = given == null ? 1 : given;
        if (start < 1) {
            throw args.invalid(2, "`InStr` counts from 1, so the start cannot be " + start);
        }
        boolean ignoreCase = textCompare(args.single(3), () -> args.invalid(3, compareModeMessage(args.single(3))));
        if (text == null || start > text.length()) {
            return 0L;
        }
        if (sought == null || sought.isEmpty()) {
            return start;
        }
        for (int i = (int) start - 1; i + sought.length() <= text.length(); i++) {
            if (text.regionMatches(ignoreCase, i, sought, 0, sought.length())) {
                return (long) i + 1;
            }
        }
        return 0L;
    }

    private static void checkInStr(Call call) {
        call.literal(2).map(Values::integer).filter(start -> start < 1)
                .ifPresent(start -> { throw call.invalid(2, "`InStr` counts from 1, so the start cannot be " + start); });
        call.literal(3).ifPresent(mode -> textCompare(mode, () -> call.invalid(3, compareModeMessage(mode))));
    }

    private static boolean textCompare(Object mode, Supplier<ExpressionError> invalid) {
        if (mode == null || mode.equals(0L) || "vbBinaryCompare".equals(mode) || "0".equals(mode)) {
            return false;
        }
        if (mode.equals(1L) || "vbTextCompare".equals(mode) || "1".equals(mode)) {
            return true;
        }
        throw invalid.get();
    }

    private static String compareModeMessage(Object mode) {
        return Values.quote(mode) + " is not a compare mode; use `vbBinaryCompare` or `vbTextCompare`";
    }

    /** The invariant culture unless an RFC 4646 tag such as {@code tr-TR} is given. */
    private static Locale culture(Args args) {
        String tag = args.text(1);
        if (tag == null || tag.isEmpty()) {
            return Locale.ROOT;
        }
        if (!isCultureTag(tag)) {
            throw args.invalid(1, Values.quote(tag) + " is not a culture name such as `en-US`");
        }
        return Locale.forLanguageTag(tag);
    }

    private static void checkCulture(Call call) {
        call.literal(1).filter(tag -> !(tag instanceof String s) || !s.isEmpty() && !isCultureTag(s))
                .ifPresent(tag -> { throw call.invalid(1, Values.quote(tag) + " is not a culture name such as `en-US`"); });
    }

    private static boolean isCultureTag(String tag) {
        return tag.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    }
}
