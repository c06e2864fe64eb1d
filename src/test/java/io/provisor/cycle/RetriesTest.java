package io.provisor.cycle;

import io.provisor.connector.TargetError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetriesTest {

    private static final TargetError THROTTLED = new TargetError("TooManyRequests", 429, true, Duration.ofSeconds(2), "429", "wait", false);
    private static final TargetError DROPPED = new TargetError("WebExceptionProtocolError", 0, true, null, "the connection failed",
            "check", false, true);
    private static final TargetError TIMED_OUT = new TargetError("Timeout", 0, true, null, "no answer within 30 s", "none", false);
    private static final TargetError SERVER_ERROR = new TargetError("InternalServerError", 500, true, null, "500", "later", false);

    @Test
    void a_throttled_object_is_tried_five_times_in_all_adding_up_the_waits() {
        Retries retries = Retries.NONE;
        for (int i = 1; i < Retries.THROTTLED_ATTEMPTS; i++) {
            retries = retries.after(THROTTLED);
            assertThat(retries).isNotNull();
        }
        assertThat(retries.throttled()).isEqualTo(Duration.ofSeconds(8));
        assertThat(retries.after(THROTTLED)).isNull();
    }

    @Test
    void an_unanswered_request_is_tried_once_more_and_only_once() {
        Retries once = Retries.NONE.after(DROPPED);
        assertThat(once).isNotNull();
        assertThat(once.lostConnection()).isEqualTo(DROPPED);
        assertThat(once.after(DROPPED)).isNull();
        // a throttle after the retry still gets its own retries
        assertThat(once.after(THROTTLED)).isNotNull();
    }

    @Test
    void timeouts_and_server_errors_wait_for_a_later_cycle() {
        assertThat(Retries.NONE.after(TIMED_OUT)).isNull();
        assertThat(Retries.NONE.after(SERVER_ERROR)).isNull();
    }
}
