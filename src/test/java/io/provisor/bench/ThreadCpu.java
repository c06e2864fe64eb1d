package io.provisor.bench;

import io.provisor.cycle.Provisioning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This JVM's CPU time split by who used it, read from /proc (Linux; elsewhere every figure is -1): the
 * in-JVM SCIM server's threads, the JIT compiler's, the garbage collector's, and the rest (the client: the
 * raw load or provisor). On a shared 2-core machine a run's speed swings with whatever else runs, but the
 * client's CPU per unit of server CPU barely does: the server does the same work per user in both phases, so
 * that ratio compares the cycle with the raw client on the same scale whatever the machine's speed.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ

    /**
     * CPU nanoseconds since the JVM started; {@code process} includes threads that have ended. {@code writer}: provisor's
     * outcome writers, a part of the client, apart because they are its largest single cost and steadier than the rest.
     */
    record Snapshot(long process, long server, long compiler, long gc, long writer) {

        /** What was used between {@code before} and this snapshot; the client is everything else; all -1 without /proc. */
        Use since(Snapshot before) {
            if (process < 0 || before.process < 0) {
                return new Use(-1, -1, -1, -1, -1);
            }
            long s = server - before.server;
            long c = compiler - before.compiler;
            long g = gc - before.gc;
            return new Use(s, process - before.process - s - c - g, c, g, writer - before.writer);
        }
    }

    /** CPU nanoseconds used over a span, by whom; {@code writer} is a part of {@code client}. */
    record Use(long server, long client, long compiler, long gc, long writer) {

        /** The client's CPU per unit of the server's. */
        double clientPerServer() {
            return server <= 0 ? Double.NaN : client / (double) server;
        }
    }

    private ThreadCpu() {
    }

    /**
     * The current split, or all -1 where /proc is missing. The VM thread counts with the collector (it runs its
     * pauses), and so do G1's own threads ({@code G1 Conc#}, {@code G1 Refine#} and others) when a run picks G1 over the bench profile's
     * parallel collector.
     */
    static Snapshot snapshot() {
        long server = 0;
        long writer = 0;
        long compiler = 0;
        long gc = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                } catch (IOException ended) {
                    continue;
                }
                long used = Math.max(0, ticks(task.resolve("stat")));
                if (name.startsWith("sandbox-scim") || name.startsWith("HTTP-Dispatcher")) {
                    server += used;
                } else if (name.contains("CompilerThre")) {
                    compiler += used;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
                    gc += used;
                } else if (name.startsWith(Provisioning.OUTCOME_WRITER_THREAD)) {
                    writer += used;
                }
            }
        } catch (IOException e) {
            return new Snapshot(-1, -1, -1, -1, -1);
        }
        // the process last: threads that run on while the tasks are read must not count more in their part than in the whole
        long process = ticks(Path.of("/proc/self/stat"));
        if (process < 0) {
            return new Snapshot(-1, -1, -1, -1, -1);
        }
        return new Snapshot(nanos(process), nanos(server), nanos(compiler), nanos(gc), nanos(writer));
    }

    private static long nanos(long ticks) {
        return (long) (ticks * NANOS_PER_TICK);
    }

    /** utime + stime of a /proc stat file, in ticks; -1 when it cannot be read. */
    static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
