package io.provisor.cycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ObjectLocksTest {

    @Test
    void objects_of_one_call_that_share_a_stripe_are_locked_without_waiting_for_themselves() {
        ObjectLocks locks = new ObjectLocks();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1100; i++) { // more objects than stripes: some share one
            ids.add("u" + i);
        }

        Runnable unlock = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquireAll("app", "User", ids));
        unlock.run();

        Runnable again = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquireAll("app", "User", ids));
        again.run();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquire("app", "User", "u7"))).isNotNull();
    }
}
