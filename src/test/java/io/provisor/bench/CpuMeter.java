package io.provisor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Wall time, this JVM's CPU time and the whole machine's busy CPU time over a measured span, so the
 * benchmark can say how much of the machine other processes took while it measured (a shared 2-core
 * machine makes wall-clock figures worse than the code is) and give CPU time per decision, which
 * contention barely changes. The machine's figure comes from /proc/stat; elsewhere it is unknown (-1).
 */
final class CpuMeter {

    /** One measured span. */
    record Span(long wallNanos, long processCpuNanos, long machineBusyNanos, int cores) {

        /** Share of the machine's cores that other processes kept busy, 0..1, or -1 when unknown. */
        double othersShare() {
            if (machineBusyNanos < 0 || wallNanos == 0) {
                return -1;
            }
            return Math.max(0, (machineBusyNanos - processCpuNanos) / (double) (wallNanos * cores));
        }
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on every Linux that matters

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long wall;
    private long cpu;
    private long busy;

    CpuMeter start() {
        wall = System.nanoTime();
        cpu = os.getProcessCpuTime();
        busy = machineBusyNanos();
        return this;
    }

    Span stop() {
        long w = System.nanoTime() - wall;
        long c = os.getProcessCpuTime() - cpu;
        long b = busy < 0 ? -1 : machineBusyNanos() - busy;
        return new Span(w, c, b, cores);
    }

    /** Busy time of all cores since boot: user + nice + system + irq + softirq + steal. */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return (long) (ticks * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of every process named {@code name} (its own and that of its children it has reaped),
     * from /proc; -1 where unknown. For PostgreSQL's server, whose work a JVM's CPU time leaves out.
     */
    static long processesCpuNanos(String name) {
        try (var pids = Files.list(Path.of("/proc"))) {
            long ticks = 0;
            for (Path dir : pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals(name)) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                // after the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17
                for (int field = 14; field <= 17; field++) {
                    ticks += Long.parseLong(f[field - 3]);
                }
            }
            return (long) (ticks * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a process and its living descendants (utime + stime of each), from /proc; -1 where unknown. For a
     * target server running apart from this JVM.
     */
    static long processTreeCpuNanos(ProcessHandle root) {
        long ticks = 0;
        for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            long used = ThreadCpu.ticks(Path.of("/proc", Long.toString(process.pid()), "stat"));
            if (used < 0) {
                return -1;
            }
            ticks += used;
        }
        return (long) (ticks * NANOS_PER_TICK);
    }

    /** The 1-minute load average, or -1. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
