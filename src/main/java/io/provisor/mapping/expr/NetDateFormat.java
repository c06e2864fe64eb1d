package io.provisor.mapping.expr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.HashMap;
import java.util.Map;

/**
 * A .NET date and time format string (custom or one-letter standard), invariant culture, translated
 * once into a java.time formatter. Supported: y..yyyyy, M..MMMM, d..dddd, h, hh, H, HH, m, mm, s, ss,
 * f..fffffff, F..FFFFFFF (a "." before them is dropped with them when the fraction is zero), t, tt, z,
 * zz, zzz, K, g; the letter Z reads a UTC designator or an offset and prints "Z"; ':' and '/' are
 * themselves; 'quoted' and "quoted" text, \x and %x as in .NET; any other character is literal.
 * Every value here is UTC, so an offset read is applied and an offset printed is +00:00 or "Z".
 */
final class NetDateFormat {

    private static final String ROUND_TRIP = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
    private static final String RFC1123 = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
    private static final String LONG_DATE_TIME = "dddd, dd MMMM yyyy HH:mm:ss";
    private static final Map<Character, String> STANDARD = Map.ofEntries(
            Map.entry('d', "MM/dd/yyyy"), Map.entry('D', "dddd, dd MMMM yyyy"), Map.entry('f', "dddd, dd MMMM yyyy HH:mm"),
            Map.entry('F', LONG_DATE_TIME), Map.entry('g', "MM/dd/yyyy HH:mm"), Map.entry('G', "MM/dd/yyyy HH:mm:ss"),
            Map.entry('M', "MMMM dd"), Map.entry('m', "MMMM dd"), Map.entry('O', ROUND_TRIP), Map.entry('o', ROUND_TRIP),
            Map.entry('R', RFC1123), Map.entry('r', RFC1123), Map.entry('s', "yyyy'-'MM'-'dd'T'HH':'mm':'ss"),
            Map.entry('t', "HH:mm"), Map.entry('T', "HH:mm:ss"), Map.entry('u', "yyyy'-'MM'-'dd HH':'mm':'ss'Z'"),
            Map.entry('U', LONG_DATE_TIME), Map.entry('Y', "yyyy MMMM"), Map.entry('y', "yyyy MMMM"));
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    private final String pattern;
    private final DateTimeFormatter formatter;
    private final boolean readsDate;

    private NetDateFormat(String pattern, DateTimeFormatter formatter, boolean readsDate) {
        this.pattern = pattern;
        this.formatter = formatter;
        this.readsDate = readsDate;
    }

    /** Throws IllegalArgumentException, with a message fit for the user, for a format .NET would reject. */
    static NetDateFormat compile(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("a date format cannot be empty");
        }
        if (pattern.length() == 1) {
            String standard = STANDARD.get(pattern.charAt(0));
            if (standard == null) {
                throw new IllegalArgumentException(Values.quote(pattern) + " is not a standard date format; "
                        + "write `%" + pattern + "` for the single custom specifier");
            }
            return new Translator(pattern, standard).translate();
        }
        return new Translator(pattern, pattern).translate();
    }

    String format(LocalDateTime utc) {
        return formatter.format(utc.atOffset(ZoneOffset.UTC));
    }

    /**
     * Reads {@code text} whole, as .NET's ParseExact does: a date without a time is at midnight, a time
     * without a date is on {@code today}, a date without a year is in {@code today}'s year.
     * Throws DateTimeException when the text does not fit.
     */
    LocalDateTime parse(String text, LocalDate today) {
        TemporalAccessor parsed = formatter.parse(text);
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            date = !readsDate ? today : LocalDate.of(
                    parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : today.getYear(),
                    parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                    parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1);
        }
        LocalTime time = parsed.query(TemporalQueries.localTime());
        if (time == null) {
            throw new DateTimeException("incomplete time");
        }
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneOffset offset = parsed.query(TemporalQueries.offset());
        return offset == null ? local : local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** One pass over the pattern, feeding a DateTimeFormatterBuilder. */
    private static final class Translator {

        private final String original;
        private final String pattern;
        private final DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        private boolean date;
        private boolean hour24;
        private boolean hour12;
        private boolean amPm;
        private boolean minute;
        private boolean second;
        private boolean fraction;
        private int pos;

        Translator(String original, String pattern) {
            this.original = original;
            this.pattern = pattern;
        }

        NetDateFormat translate() {
            while (pos < pattern.length()) {
                char c = pattern.charAt(pos);
                switch (c) {
                    case '\'', '"' -> quoted(c);
                    case '\\' -> {
                        if (pos + 1 >= pattern.length()) {
                            throw invalid("ends with a lone `\\`");
                        }
                        builder.appendLiteral(pattern.charAt(pos + 1));
                        pos += 2;
                    }
                    case '%' -> {
                        if (pos + 1 >= pattern.length() || pattern.charAt(pos + 1) == '%') {
                            throw invalid("has a `%` that is not followed by a specifier");
                        }
                        pos++;
                    }
                    case '.' -> {
                        if (run('F', pos + 1) > 0) {
                            pos++;
                            fraction(true);
                        } else {
                            builder.appendLiteral(c);
                            pos++;
                        }
                    }
                    default -> specifier(c);
                }
            }
            defaults();
            return new NetDateFormat(original, builder.toFormatter().withResolverStyle(ResolverStyle.STRICT), date);
        }

        private void specifier(char c) {
            int n = run(c, pos);
            switch (c) {
                case 'y' -> year(n);
                case 'M' -> field(ChronoField.MONTH_OF_YEAR, n, MONTHS);
                case 'd' -> {
                    if (n >= 3) {
                        builder.appendText(ChronoField.DAY_OF_WEEK, names(DAYS, n == 3));
                    } else {
                        number(ChronoField.DAY_OF_MONTH, n);
                        date = true;
                    }
                }
                case 'h' -> { number(ChronoField.CLOCK_HOUR_OF_AMPM, n); hour12 = true; }
                case 'H' -> { number(ChronoField.HOUR_OF_DAY, n); hour24 = true; }
                case 'm' -> { number(ChronoField.MINUTE_OF_HOUR, n); minute = true; }
                case 's' -> { number(ChronoField.SECOND_OF_MINUTE, n); second = true; }
                case 'f' -> {
                    if (n > 7) {
                        throw invalid("asks for more than 7 digits of a second");
                    }
                    builder.appendFraction(ChronoField.NANO_OF_SECOND, n, n, false);
                    fraction = true;
                }
                case 'F' -> { fraction(false); return; }
                case 't' -> {
                    builder.appendText(ChronoField.AMPM_OF_DAY, n == 1 ? Map.of(0L, "A", 1L, "P") : Map.of(0L, "AM", 1L, "PM"));
                    amPm = true;
                }
                case 'z' -> builder.appendOffset(n == 1 ? "+H" : n == 2 ? "+HH" : "+HH:MM", n == 1 ? "+0" : n == 2 ? "+00" : "+00:00");
                case 'K' -> builder.optionalStart().appendOffset("+HH:MM", "Z").optionalEnd();
                case 'Z' -> builder.appendOffset("+HH:MM", "Z");
                case 'g' -> builder.appendLiteral("A.D.");
                default -> builder.appendLiteral(pattern.substring(pos, pos + n));
            }
            pos += n;
        }

        private void year(int n) {
            if (n <= 2) {
                builder.appendValueReduced(ChronoField.YEAR, n, 2, 1950);
            } else if (n == 3) {
                builder.appendValue(ChronoField.YEAR, 3, 9, SignStyle.NORMAL);
            } else {
                builder.appendValue(ChronoField.YEAR, n);
            }
            date = true;
        }

        private void field(ChronoField field, int n, String[] names) {
            if (n >= 3) {
                builder.appendText(field, names(names, n == 3));
            } else {
                number(field, n);
            }
            date = true;
        }

        private void number(ChronoField field, int n) {
            if (n == 1) {
                builder.appendValue(field);
            } else {
                builder.appendValue(field, 2);
            }
        }

        /** F..F: up to n digits, trailing zeros dropped; with the "." before it when {@code withPoint}. */
        private void fraction(boolean withPoint) {
            int n = run('F', pos);
            if (n > 7) {
                throw invalid("asks for more than 7 digits of a second");
            }
            builder.appendFraction(ChronoField.NANO_OF_SECOND, 0, n, withPoint);
            fraction = true;
            pos += n;
        }

        private void quoted(char quote) {
            StringBuilder literal = new StringBuilder();
            int start = pos++;
            while (pos < pattern.length() && pattern.charAt(pos) != quote) {
                if (pattern.charAt(pos) == '\\' && pos + 1 < pattern.length()) {
                    pos++;
                }
                literal.append(pattern.charAt(pos++));
            }
            if (pos >= pattern.length()) {
                throw invalid("has a quote at " + start + " that is never closed");
            }
            pos++;
            builder.appendLiteral(literal.toString());
        }

        private void defaults() {
            if (hour12 && !amPm) {
                builder.parseDefaulting(ChronoField.AMPM_OF_DAY, 0);
            }
            if (!hour12 && !hour24) {
                builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 0);
            }
            if (!minute) {
                builder.parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0);
            }
            if (!second) {
                builder.parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0);
            }
            if (!fraction) {
                builder.parseDefaulting(ChronoField.NANO_OF_SECOND, 0);
            }
        }

        private int run(char c, int from) {
            int end = from;
            while (end < pattern.length() && pattern.charAt(end) == c) {
                end++;
            }
            return end - from;
        }

        private static Map<Long, String> names(String[] full, boolean abbreviated) {
            Map<Long, String> names = new HashMap<>();
            for (int i = 0; i < full.length; i++) {
                names.put(i + 1L, abbreviated ? full[i].substring(0, 3) : full[i]);
            }
            return names;
        }

        private IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException("the date format " + Values.quote(original) + " " + problem);
        }
    }
}
