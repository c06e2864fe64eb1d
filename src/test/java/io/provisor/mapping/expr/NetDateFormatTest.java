package io.provisor.mapping.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The translation of .NET date format strings, beyond what the expression tables show. */
class NetDateFormatTest {

    private static final LocalDateTime SAMPLE = LocalDateTime.of(2009, 6, 5, 13, 45, 30, 123_400_000);
    private static final LocalDate TODAY = LocalDate.of(2021, 8, 25);

    @Test
    void custom_specifiers_print_as_dotnet_prints_them() {
        assertThat(format("d dd ddd dddd M MM MMM MMMM y yy yyyy")).isEqualTo("5 05 Fri Friday 6 06 Jun June 9 09 2009");
        assertThat(format("h hh H HH m mm s ss t tt")).isEqualTo("1 01 13 13 45 45 30 30 P PM");
        assertThat(format("f ff fff ffff FFFFFFF")).isEqualTo("1 12 123 1234 1234");
        assertThat(format("z zz zzz K")).isEqualTo("+0 +00 +00:00 Z");
    }

    @Test
    void standard_formats_use_the_invariant_culture() {
        assertThat(format("s")).isEqualTo("2009-06-05T13:45:30");
        assertThat(format("u")).isEqualTo("2009-06-05 13:45:30Z");
        assertThat(format("G")).isEqualTo("06/05/2009 13:45:30");
        assertThat(format("R")).isEqualTo("Fri, 05 Jun 2009 13:45:30 GMT");
    }

    @Test
    void two_digit_years_fall_between_1950_and_2049() {
        NetDateFormat format = NetDateFormat.compile("yy-MM-dd");
        assertThat(format.parse("49-01-01", TODAY).getYear()).isEqualTo(2049);
        assertThat(format.parse("50-01-01", TODAY).getYear()).isEqualTo(1950);
    }

    @Test
    void a_twelve_hour_clock_without_am_or_pm_reads_as_morning() {
        assertThat(NetDateFormat.compile("yyyy-MM-dd hh:mm").parse("2020-01-01 12:30", TODAY))
                .isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 30));
    }

    @Test
    void a_day_name_that_contradicts_the_date_does_not_fit() {
        assertThatThrownBy(() -> NetDateFormat.compile("ddd yyyy-MM-dd").parse("Mon 2009-06-05", TODAY))
                .isInstanceOf(java.time.DateTimeException.class);
    }

    @Test
    void formats_dotnet_rejects_are_rejected_with_the_reason() {
        assertThatThrownBy(() -> NetDateFormat.compile("q")).hasMessage("`q` is not a standard date format; write `%q` for the single custom specifier");
        assertThatThrownBy(() -> NetDateFormat.compile("yyyy'-MM")).hasMessage("the date format `yyyy'-MM` has a quote at 4 that is never closed");
        assertThatThrownBy(() -> NetDateFormat.compile("ffffffff")).hasMessage("the date format `ffffffff` asks for more than 7 digits of a second");
    }

    private static String format(String pattern) {
        return NetDateFormat.compile(pattern).format(SAMPLE);
    }
}
