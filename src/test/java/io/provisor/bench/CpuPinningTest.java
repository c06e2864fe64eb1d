package io.provisor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuPinningTest {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    @Test
    void pins_a_process_and_its_children_to_the_cpus_given() throws Exception {
        assumeTrue(CPUS >= 2, "needs two CPUs to tell a pinned process from a free one");
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; wait").start();
        try {
            long childPid = Long.parseLong(new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().trim());
            ProcessHandle sleeper = ProcessHandle.of(childPid).orElseThrow();
            assertThat(CpuPinning.allowed(sleeper)).isNotEqualTo("0");

            CpuPinning.pinTree(shell.toHandle(), "0");

            assertThat(CpuPinning.allowed(shell.toHandle())).isEqualTo("0");
            assertThat(CpuPinning.allowed(sleeper)).isEqualTo("0");
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void reads_the_cpu_a_process_tree_used_and_nothing_for_one_that_ended() throws Exception {
        assertThat(CpuMeter.processTreeCpuNanos(ProcessHandle.current())).isPositive();

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(10, TimeUnit.SECONDS);
        assertThat(CpuMeter.processTreeCpuNanos(ended.toHandle())).isEqualTo(-1);
    }

    @Test
    void lists_every_cpu_but_the_one_kept_apart() {
        assumeTrue(CPUS >= 2, "a machine of one CPU has none to keep apart");
        String others = CpuPinning.allBut(0);

        assertThat(others.split(",")).hasSize(CPUS - 1).doesNotContain("0").contains(Integer.toString(CPUS - 1));
        assertThatThrownBy(() -> CpuPinning.allBut(CPUS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot keep CPU " + CPUS + " apart");
    }
}
