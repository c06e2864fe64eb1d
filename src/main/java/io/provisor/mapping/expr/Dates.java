package io.provisor.mapping.expr;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date values as the date functions pass them between each other: strings in Entra's
 * {@code M/d/yyyy h:mm:ss tt} form, always UTC. Reading accepts that form, ISO 8601 (with or without a
 * time, with or without an offset, as in Workday's "2020-03-16-07:00"), and US dates; a time without an
 * offset is taken as UTC.
 */
final class Dates {

    static final NetDateFormat ENTRA_FORM = NetDateFormat.compile("M/d/yyyy h:mm:ss tt");

    private static final String TIME = "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,7}))?)?";
    private static final String OFFSET = "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?";
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ]" + TIME + ")?" + OFFSET,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern US = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s+" + TIME + "(?:\\s*(AM|PM))?)?" + OFFSET,
            Pattern.CASE_INSENSITIVE);
    /** 1601-01-01, where Active Directory's 100-nanosecond ticks start. */
    private static final LocalDateTime FILETIME_EPOCH = LocalDateTime.of(1601, 1, 1, 0, 0);
    private static final LocalDateTime LAST_DATE = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900);

    private Dates() {
    }

    static String format(LocalDateTime utc) {
        return ENTRA_FORM.format(utc);
    }

    /** The UTC date and time the text names, or null when it names none. */
    static LocalDateTime parse(String text) {
        String trimmed = text.strip();
        try {
            Matcher iso = ISO.matcher(trimmed);
            if (iso.matches()) {
                return build(iso, 1, 2, 3, 4, null, iso.group(8));
            }
            Matcher us = US.matcher(trimmed);
            if (us.matches()) {
                return build(us, 3, 1, 2, 4, us.group(8), us.group(9));
            }
        } catch (DateTimeException outOfRange) {
            return null;
        }
        return null;
    }

    private static LocalDateTime build(Matcher m, int year, int month, int day, int time, String amPm, String offset) {
        int hour = m.group(time) == null ? 0 : Integer.parseInt(m.group(time));
        if (amPm != null) {
            if (hour < 1 || hour > 12) {
                throw new DateTimeException("hour out of range");
            }
            hour = hour % 12 + (amPm.equalsIgnoreCase("PM") ? 12 : 0);
        }
        String fraction = m.group(time + 3) == null ? "0" : m.group(time + 3);
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(year)), Integer.parseInt(m.group(month)),
                Integer.parseInt(m.group(day)), hour, number(m.group(time + 1)), number(m.group(time + 2)),
                Integer.parseInt((fraction + "00000000").substring(0, 9)));
        if (offset == null || offset.equalsIgnoreCase("Z")) {
            return local;
        }
        return local.atOffset(ZoneOffset.of(offset)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static int number(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    /** Active Directory's number for a date: 100-nanosecond intervals since 1601-01-01 UTC. */
    static long toFileTime(LocalDateTime utc) {
        Duration since = Duration.between(FILETIME_EPOCH, utc);
        return Math.addExact(Math.multiplyExact(since.getSeconds(), 10_000_000L), since.getNano() / 100);
    }

    /** Null when the number falls outside the dates .NET can hold (before 1601 here, or after 9999). */
    static LocalDateTime fromFileTime(long ticks) {
        if (ticks < 0) {
            return null;
        }
        LocalDateTime date = FILETIME_EPOCH.plusSeconds(ticks / 10_000_000L).plusNanos(ticks % 10_000_000L * 100);
        return date.isAfter(LAST_DATE) ? null : date;
    }

    /** The intervals DateAdd and DateDiff take, spelt as documented. */
    enum Interval {
        YEAR("yyyy", ChronoUnit.YEARS), MONTH("m", ChronoUnit.MONTHS), DAY("d", ChronoUnit.DAYS),
        WEEK("ww", ChronoUnit.WEEKS), HOUR("h", ChronoUnit.HOURS), MINUTE("n", ChronoUnit.MINUTES),
        SECOND("s", ChronoUnit.SECONDS);

        private final String code;
        private final ChronoUnit unit;

        Interval(String code, ChronoUnit unit) {
            this.code = code;
            this.unit = unit;
        }

        /** Null when the text is not one of the documented codes. */
        static Interval of(String code) {
            return Arrays.stream(values()).filter(i -> i.code.equals(code)).findFirst().orElse(null);
        }

        static String codes() {
            return String.join("`, `", Arrays.stream(values()).map(i -> i.code).toList());
        }

        LocalDateTime add(LocalDateTime date, long amount) {
            return date.plus(amount, unit);
        }

        /**
         * As Visual Basic's DateDiff: months and years compare the calendar fields (so 31 January to
         * 1 February is one month); days, hours, minutes and seconds count whole elapsed units; weeks
         * count the Sundays crossed, which is how the doc's example gets -493 rather than -492.
         */
        long between(LocalDateTime from, LocalDateTime to) {
            return switch (this) {
                case YEAR -> to.getYear() - from.getYear();
                case MONTH -> (to.getYear() - from.getYear()) * 12L + to.getMonthValue() - from.getMonthValue();
                case WEEK -> ChronoUnit.DAYS.between(startOfWeek(from), startOfWeek(to)) / 7;
                default -> unit.between(from, to);
            };
        }

        private static LocalDateTime startOfWeek(LocalDateTime date) {
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        }
    }
}
