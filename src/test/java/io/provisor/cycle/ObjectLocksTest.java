package io.provisor.cycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ObjectLocksTest {

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("u" + i);
        }
        return ids;
    }

    @Test
    void a_call_locks_each_of_its_objects_once_and_can_lock_them_again_after_the_release() {
        ObjectLocks locks = new ObjectLocks();
        List<String> ids = ids(0, 1100);
        ids.add("u7"); // twice in one call

        Runnable unlock = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquireAll("app", "User", ids));
        unlock.run();
        unlock.run(); // a second release changes nothing

        Runnable again = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquireAll("app", "User", ids));
        again.run();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> locks.acquire("app", "User", "u7"))).isNotNull();
    }

    @Test
    void objects_held_by_one_caller_never_hold_up_a_caller_of_other_objects() {
        ObjectLocks locks = new ObjectLocks();
        // eight cycle workers' chunks of 25 users each, all held; striped locks made nearly every next chunk wait
        for (int chunk = 0; chunk < 8; chunk++) {
            int first = chunk * 25;
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> locks.acquireAll("app", "User", ids(first, first + 25)));
        }

        for (int chunk = 8; chunk < 200; chunk++) {
            int first = chunk * 25;
            Runnable unlock = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> locks.acquireAll("app", "User", ids(first, first + 25)));
            unlock.run();
        }
        // the same user id in another app or of another kind is another object
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> locks.acquire("other-app", "User", "u0"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> locks.acquire("app", "Group", "u0"));
    }

    @Test
    void a_held_object_waits_until_another_thread_releases_it() throws Exception {
        ObjectLocks locks = new ObjectLocks();
        Runnable unlock = locks.acquireAll("app", "User", List.of("u1", "u2"));
        CountDownLatch asking = new CountDownLatch(1);
        CompletableFuture<Runnable> second = CompletableFuture.supplyAsync(() -> {
            asking.countDown();
            return locks.acquire("app", "User", "u2");
        });
        assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(second).isNotDone(); // still waiting: nothing released it yet
        CompletableFuture.runAsync(unlock).get(10, TimeUnit.SECONDS); // released by another thread, as the outcome writer does
        assertThat(second.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void an_interrupt_while_waiting_does_not_take_the_lock_away_from_its_holder_and_is_kept() throws Exception {
        ObjectLocks locks = new ObjectLocks();
        Runnable unlock = locks.acquire("app", "User", "u1");
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            locks.acquire("app", "User", "u1").run();
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        waiter.interrupt();

        assertThat(interruptedAfter).isNotDone();
        unlock.run();
        assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
