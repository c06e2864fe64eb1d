package io.provisor.cycle;

import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import io.provisor.store.JobRows.QuarantineRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Entra's documented quarantine examples and retry schedule (spec §5.1). */
class QuarantinePolicyTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    static CycleProgress cycle(long failures, long successes, long referenceFailures) {
        CycleProgress progress = new CycleProgress("c", CycleKind.INCREMENTAL, Clock.systemUTC());
        LogEntry failed = entry(StepStatus.FAILURE);
        LogEntry succeeded = entry(StepStatus.SUCCESS);
        for (long i = 0; i < failures; i++) {
            progress.record(failed);
        }
        for (long i = 0; i < successes; i++) {
            progress.record(succeeded);
        }
        for (long i = 0; i < referenceFailures; i++) {
            progress.record(failed);
            progress.referenceFailed();
        }
        return progress;
    }

    static LogEntry entry(StepStatus status) {
        return new LogEntry("id", NOW, "crm", "c", null, LogEntry.LoggedAction.UPDATE, status, "x", "x", null, List.of(), List.of(),
                null, null, "r", 0);
    }

    @Test
    void the_documented_examples_decide_as_entra_says() {
        JobSettings.QuarantineThresholds entra = JobSettings.QuarantineThresholds.ENTRA;
        assertThat(QuarantinePolicy.reason(cycle(45_000, 0, 0), entra)).isEqualTo(QuarantinePolicy.TOTAL);
        assertThat(QuarantinePolicy.reason(cycle(30_000, 5_000, 0), entra)).isEqualTo(QuarantinePolicy.PROPORTION);
        assertThat(QuarantinePolicy.reason(cycle(20_000, 100_000, 0), entra)).isNull();
        assertThat(QuarantinePolicy.reason(cycle(4_000, 0, 0), entra)).as("evaluated from 5,000 failures on").isNull();
        assertThat(QuarantinePolicy.reason(cycle(5_000, 0, 0), entra)).isEqualTo(QuarantinePolicy.PROPORTION);
    }

    @Test
    void reference_failures_count_only_toward_the_absolute_threshold() {
        JobSettings.QuarantineThresholds entra = JobSettings.QuarantineThresholds.ENTRA;
        assertThat(QuarantinePolicy.reason(cycle(0, 100_000, 45_000), entra)).isNull();
        assertThat(QuarantinePolicy.reason(cycle(40_000, 200_000, 21_000), entra)).as("40,000 + 21,000 > 60,000")
                .isEqualTo(QuarantinePolicy.TOTAL);
    }

    @Test
    void retries_come_6_12_24_hours_after_the_series_began_then_daily_and_the_series_keeps_its_start() {
        QuarantineRow first = QuarantinePolicy.enter(null, QuarantinePolicy.CREDENTIALS, "401", NOW);
        assertThat(first.nextAttempt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        QuarantineRow second = QuarantinePolicy.enter(first, QuarantinePolicy.CREDENTIALS, "401", first.nextAttempt());
        assertThat(second.seriesBegan()).isEqualTo(NOW);
        assertThat(second.nextAttempt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
        QuarantineRow third = QuarantinePolicy.enter(second, QuarantinePolicy.PROPORTION, "many", second.nextAttempt());
        assertThat(third.nextAttempt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(third.reason()).isEqualTo(QuarantinePolicy.PROPORTION);
        QuarantineRow fourth = QuarantinePolicy.enter(third, QuarantinePolicy.PROPORTION, "many", third.nextAttempt());
        assertThat(fourth.nextAttempt()).isEqualTo(NOW.plus(Duration.ofHours(48)));
        assertThat(QuarantinePolicy.expired(fourth, NOW.plus(Duration.ofDays(29)))).isTrue();
        assertThat(QuarantinePolicy.expired(fourth, NOW.plus(Duration.ofDays(27)))).isFalse();
    }

    @Test
    void too_many_deletes_waits_for_an_admin_instead_of_retrying() {
        assertThat(QuarantinePolicy.enter(null, QuarantinePolicy.TOO_MANY_DELETES, "12 held", NOW).nextAttempt()).isNull();
    }
}
