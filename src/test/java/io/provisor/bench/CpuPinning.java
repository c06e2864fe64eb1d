package io.provisor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes to CPUs with {@code taskset}, so a benchmark can give a target server cores of its own, as a
 * real target app has on its own host. Every thread of the process is pinned ({@code -a}), and threads it starts
 * later inherit the mask of the thread that starts them.
 */
final class CpuPinning {

    private CpuPinning() {
    }

    /** Pins every thread of {@code process} to {@code cpus} (a list as taskset reads it, e.g. {@code 1} or {@code 0,2-3}). */
    static void pin(ProcessHandle process, String cpus) {
        run("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid()));
    }

    /** The process with all its descendants. */
    static void pinTree(ProcessHandle process, String cpus) {
        pin(process, cpus);
        process.descendants().forEach(child -> pin(child, cpus));
    }

    /** The CPUs the process's main thread may run on, as the kernel lists them (e.g. {@code 0-1}). */
    static String allowed(ProcessHandle process) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            return Files.readAllLines(status, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElseThrow(() -> new IllegalStateException(status + " has no Cpus_allowed_list"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status, e);
        }
    }

    /** Every CPU of this machine but {@code cpu}, for the side that does not run the server. */
    static String allBut(int cpu) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus || cpus < 2) {
            throw new IllegalArgumentException("cannot keep CPU " + cpu + " apart on a machine with " + cpus + " CPUs");
        }
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < cpus; i++) {
            if (i != cpu) {
                others.append(others.isEmpty() ? "" : ",").append(i);
            }
        }
        return others.toString();
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (util-linux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }
}
