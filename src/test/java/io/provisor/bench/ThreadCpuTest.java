package io.provisor.bench;

import io.provisor.cycle.Provisioning;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-thread CPU split the cycle benchmark prints: an outcome writer's thread counts apart, inside the client's share. */
@EnabledOnOs(OS.LINUX)
class ThreadCpuTest {

    @Test
    void a_thread_named_as_an_outcome_writer_counts_as_the_writer_within_the_client() throws Exception {
        ThreadCpu.Snapshot before = ThreadCpu.snapshot();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long sink = 0;
            while (threads.getCurrentThreadCpuTime() < 200_000_000L) { // 200 ms of this thread's own CPU
                sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
            }
            burnt.countDown();
            try {
                read.await(); // alive while the snapshot reads /proc: an ended thread leaves /proc/self/task
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Provisioning.OUTCOME_WRITER_THREAD + "contoso-crm");
        writer.start();
        burnt.await();
        ThreadCpu.Snapshot during = ThreadCpu.snapshot();
        read.countDown();
        writer.join();

        ThreadCpu.Use use = during.since(before);
        assertThat(use.writer()).as("the writer's CPU, read in ticks of 10 ms").isBetween(150_000_000L, 400_000_000L);
        // each thread's ticks and the process's are rounded apart: two ticks of slack, far less than the writer's 200 ms
        assertThat(use.client()).as("the writer is a part of the client").isGreaterThanOrEqualTo(use.writer() - 20_000_000L);
    }
}
