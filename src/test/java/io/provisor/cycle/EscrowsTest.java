package io.provisor.cycle;

import io.provisor.connector.TargetError;
import io.provisor.store.JobRows.Escrow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscrowsTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final TargetError TIMEOUT = new TargetError("Timeout", 0, true, null, "slow", "wait", false);

    @Test
    void each_failure_doubles_the_wait_up_to_a_day_and_keeps_the_first_failure_time() {
        Duration base = Duration.ofMinutes(40);
        Escrow first = Escrows.next(null, "crm", "User", "u1", TIMEOUT, base, NOW);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.nextAttemptAt()).isEqualTo(NOW.plus(base));
        Escrow second = Escrows.next(first, "crm", "User", "u1", TIMEOUT, base, NOW.plusSeconds(3600));
        assertThat(second.nextAttemptAt()).isEqualTo(NOW.plusSeconds(3600).plus(Duration.ofMinutes(80)));
        assertThat(second.firstFailedAt()).isEqualTo(NOW);
        Escrow late = first;
        for (int i = 0; i < 30; i++) {
            late = Escrows.next(late, "crm", "User", "u1", TIMEOUT, base, NOW);
        }
        assertThat(late.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(late.errorCode()).isEqualTo("Timeout");
    }

    @Test
    void retries_stop_after_28_days_of_failures() {
        Escrow first = Escrows.next(null, "crm", "User", "u1", TIMEOUT, Duration.ZERO, NOW);
        assertThat(Escrows.givenUp(first, NOW.plus(Duration.ofDays(27)))).isFalse();
        assertThat(Escrows.givenUp(first, NOW.plus(Duration.ofDays(29)))).isTrue();
        assertThat(Escrows.givenUp(null, NOW)).isFalse();
    }
}
