package io.provisor.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A cycle runs exactly as many worker threads as the app's concurrency: none parks at the target gate. */
class WorkersTest {

    @Test
    void a_cycle_runs_as_many_threads_as_the_concurrency() throws InterruptedException {
        int concurrency = 3;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(concurrency);
        CountDownLatch release = new CountDownLatch(1);
        try (Workers workers = Workers.forTarget(concurrency, "workers-test")) {
            for (int i = 0; i < concurrency; i++) {
                workers.submit(() -> {
                    threads.add(Thread.currentThread().getName());
                    started.countDown();
                    awaitUninterruptibly(release);
                });
            }
            started.await(); // all of them run at once: at least `concurrency` threads
            for (int i = 0; i < concurrency; i++) { // the queue holds as many again
                workers.submit(() -> threads.add(Thread.currentThread().getName()));
            }
            release.countDown();
            workers.awaitAll();
        }
        assertThat(threads).hasSize(concurrency); // and no more
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // the test's own latch; keep waiting
            }
        }
    }
}
