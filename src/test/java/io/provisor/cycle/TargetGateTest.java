package io.provisor.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TargetGateTest {

    @Test
    void aPausedTargetHoldsEveryRequestUntilThePauseHasPassed() throws Exception {
        HandClock clock = new HandClock(Instant.parse("2026-12-04T12:00:00Z"));
        TargetGate gate = new TargetGate(4, 0, clock);
        assertThat(gate.pause(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));

        AtomicReference<String> outcome = new AtomicReference<>();
        Thread request = new Thread(() -> {
            try {
                gate.enter();
                outcome.set("entered");
            } catch (InterruptedException e) {
                outcome.set("held");
            }
        });
        request.start();
        awaitBlocked(request);
        request.interrupt();
        request.join();
        assertThat(outcome.get()).isEqualTo("held");

        clock.advance(Duration.ofMinutes(2));
        gate.enter(); // the pause is over: no waiting
        gate.exit();
    }

    @Test
    void noMoreThanTheConcurrencyAreInFlight() throws Exception {
        TargetGate gate = new TargetGate(1, 0, Clock.systemUTC());
        gate.enter();
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try {
                gate.enter();
                outcome.set("entered");
                gate.exit();
            } catch (InterruptedException e) {
                outcome.set("held");
            }
        });
        second.start();
        awaitBlocked(second);
        assertThat(outcome.get()).isNull();
        gate.exit();
        second.join();
        assertThat(outcome.get()).isEqualTo("entered");
    }

    @Test
    void aPauseLongerThanTheCapIsCapped() {
        TargetGate gate = new TargetGate(1, 0, new HandClock(Instant.parse("2026-12-04T12:00:00Z")));
        assertThat(gate.pause(Duration.ofHours(3))).isEqualTo(TargetGate.MAX_BACKOFF);
        assertThat(gate.pause(null)).isEqualTo(TargetGate.DEFAULT_BACKOFF);
    }

    private static void awaitBlocked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(thread.isAlive()).as("the request went through").isTrue();
            Thread.onSpinWait();
        }
    }
}
