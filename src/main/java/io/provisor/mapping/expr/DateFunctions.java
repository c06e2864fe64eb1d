package io.provisor.mapping.expr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Functions over dates. A date passes from one function to the next as a string in the
 * {@code M/d/yyyy h:mm:ss tt} form, in UTC (see {@link Dates}); a null date gives null.
 */
final class DateFunctions {

    private static final Set<String> STYLES = Set.of("None", "AllowLeadingWhite", "AllowTrailingWhite",
            "AllowInnerWhite", "AllowWhiteSpaces", "NoCurrentDateDefault", "AdjustToUniversal", "AssumeLocal",
            "AssumeUniversal", "RoundtripKind");
    private static final Set<String> DEFAULT_STYLES = Set.of("RoundtripKind", "AllowLeadingWhite", "AllowTrailingWhite");

    private DateFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("CDate", 1, args -> map(date(args, 0), Dates::format)),
                FunctionSpec.of("Now", 0, args -> Dates.format(now(args))),
                FunctionSpec.of("DateAdd", 3, DateFunctions::dateAdd).checked(call -> checkInterval(call, 0)),
                FunctionSpec.of("DateDiff", 3, DateFunctions::dateDiff).checked(call -> checkInterval(call, 0)),
                FunctionSpec.of("DateFromNum", 1, DateFunctions::dateFromNum),
                FunctionSpec.of("NumFromDate", 1, DateFunctions::numFromDate),
                FunctionSpec.of("FormatDateTime", 3, 4, DateFunctions::formatDateTime).omittable(1)
                        .checked(DateFunctions::checkFormatDateTime));
    }

    private static <T> Object map(T value, Function<T, Object> operation) {
        return value == null ? null : operation.apply(value);
    }

    private static LocalDateTime now(Args args) {
        return LocalDateTime.ofInstant(args.context().now(), ZoneOffset.UTC);
    }

    private static LocalDateTime date(Args args, int index) {
        String text = args.text(index);
        if (text == null) {
            return null;
        }
        LocalDateTime date = Dates.parse(text);
        if (date == null) {
            throw args.invalid(index, Values.quote(text) + " is not a date");
        }
        return date;
    }

    private static Object dateAdd(Args args) {
        Dates.Interval interval = interval(args, 0);
        long amount = args.requiredInteger(1);
        LocalDateTime date = date(args, 2);
        try {
            return date == null ? null : Dates.format(interval.add(date, amount));
        } catch (DateTimeException | ArithmeticException outOfRange) {
            throw args.invalid(1, "adding " + amount + " leaves the range of dates");
        }
    }

    private static Object dateDiff(Args args) {
        Dates.Interval interval = interval(args, 0);
        LocalDateTime from = date(args, 1);
        LocalDateTime to = date(args, 2);
        return from == null || to == null ? null : interval.between(from, to);
    }

    private static Dates.Interval interval(Args args, int index) {
        String code = args.text(index);
        Dates.Interval interval = Dates.Interval.of(code);
        if (interval == null) {
            throw args.invalid(index, intervalMessage(code));
        }
        return interval;
    }

    private static void checkInterval(Call call, int index) {
        call.literal(index).filter(code -> Dates.Interval.of(Values.text(code)) == null)
                .ifPresent(code -> { throw call.invalid(index, intervalMessage(code)); });
    }

    private static String intervalMessage(Object code) {
        return Values.quote(code) + " is not an interval; use `" + Dates.Interval.codes() + "`";
    }

    /** Choice: a number outside the dates .NET can hold (negative, or past the year 9999) is an error. */
    private static Object dateFromNum(Args args) {
        Long ticks = args.integer(0);
        if (ticks == null) {
            return null;
        }
        LocalDateTime date = Dates.fromFileTime(ticks);
        if (date == null) {
            throw args.invalid(0, "the number `" + ticks + "` is outside the range of dates");
        }
        return Dates.format(date);
    }

    private static Object numFromDate(Args args) {
        LocalDateTime date = date(args, 0);
        if (date == null) {
            return null;
        }
        if (date.getYear() < 1601) {
            throw args.invalid(0, "dates before 1601 have no Active Directory number");
        }
        return Dates.toFileTime(date);
    }

    /**
     * Reads the source with the input format and writes it with the output format. The three-argument
     * form {@code FormatDateTime(source, inputFormat, outputFormat)} of older docs is accepted too.
     * Styles: leading and trailing white space are allowed only when the styles are left out or name
     * them; NoCurrentDateDefault puts a time without a date on 1 January of year 1; the others change
     * nothing, every value being UTC already. A source that does not fit the input format is an error.
     */
    private static Object formatDateTime(Args args) {
        boolean withStyles = args.count() == 4;
        String source = args.text(0);
        Set<String> styles = withStyles && args.given(1) ? styles(args.text(1), args.offsetOf(1)) : DEFAULT_STYLES;
        NetDateFormat input = format(args, withStyles ? 2 : 1);
        NetDateFormat output = format(args, withStyles ? 3 : 2);
        if (source == null) {
            return null;
        }
        String text = source;
        if (styles.contains("AllowLeadingWhite") || styles.contains("AllowWhiteSpaces")) {
            text = text.stripLeading();
        }
        if (styles.contains("AllowTrailingWhite") || styles.contains("AllowWhiteSpaces")) {
            text = text.stripTrailing();
        }
        LocalDate today = styles.contains("NoCurrentDateDefault") ? LocalDate.of(1, 1, 1) : now(args).toLocalDate();
        try {
            return output.format(input.parse(text, today));
        } catch (DateTimeException mismatch) {
            throw args.invalid(0, Values.quote(source) + " does not fit the date format " + Values.quote(input.toString()));
        }
    }

    private static NetDateFormat format(Args args, int index) {
        String pattern = args.text(index);
        if (pattern == null) {
            throw args.invalid(index, "`FormatDateTime` needs a date format as its " + Values.ordinal(index) + " argument");
        }
        try {
            return NetDateFormat.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw args.invalid(index, e.getMessage());
        }
    }

    private static Set<String> styles(String text, int offset) {
        if (text == null || text.isBlank()) {
            return DEFAULT_STYLES;
        }
        Set<String> styles = Arrays.stream(text.split("[,|]")).map(String::strip).collect(Collectors.toSet());
        for (String style : styles) {
            if (!STYLES.contains(style)) {
                throw ExpressionError.invalidArgument(Values.quote(style) + " is not a DateTimeStyles value", offset);
            }
        }
        return styles;
    }

    private static void checkFormatDateTime(Call call) {
        boolean withStyles = call.args().size() == 4;
        for (int index = withStyles ? 2 : 1; index < call.args().size(); index++) {
            if (!call.given(index)) {
                throw new ExpressionError("missing_argument", "`FormatDateTime` needs its " + Values.ordinal(index)
                        + " argument, a date format", call.offsetOf(index));
            }
            int at = index;
            call.literal(index).ifPresent(pattern -> {
                try {
                    NetDateFormat.compile(Values.text(pattern));
                } catch (IllegalArgumentException e) {
                    throw call.invalid(at, e.getMessage());
                }
            });
        }
        if (withStyles) {
            call.literal(1).ifPresent(text -> styles(Values.text(text), call.offsetOf(1)));
        }
    }
}
