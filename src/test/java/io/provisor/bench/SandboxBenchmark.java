package io.provisor.bench;

import io.provisor.connector.ObjectKind;
import io.provisor.connector.scim.ScimConnector;
import io.provisor.connector.scim.ScimSettings;
import io.provisor.sandbox.SandboxScimServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Fills the sandbox SCIM app with users through the SCIM connector (real HTTP on loopback, in this JVM) and
 * times what provisioning does against it: creates, then the matching lookups by userName, externalId and work
 * email, which the sandbox answers from its indexes, and a filter it must scan for. Prints figures; asserts nothing.
 *
 * <p>{@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.SandboxBenchmark -Dbench.args=users=100000}
 */
public final class SandboxBenchmark {

    private static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 && args[0].startsWith("users=") ? Integer.parseInt(args[0].substring(6)) : 100_000;
        try (SandboxScimServer sandbox = new SandboxScimServer(0, "bench-token").start();
             ScimConnector connector = new ScimConnector(ScimSettings.bearer(sandbox.baseUrl(), "T"), name -> Optional.of("bench-token"))) {
            System.out.printf(Locale.ROOT, "sandbox benchmark: %,d users, %d client threads, %d cores, load %.1f%n",
                    users, THREADS, Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage());
            CpuMeter meter = new CpuMeter().start();
            timed(users, i -> () -> connector.create(ObjectKind.USER, user(i)));
            CpuMeter.Span fill = meter.stop();
            System.out.printf(Locale.ROOT, "create       : %,8.0f users/s (%d users in the sandbox, others used %.0f%% of the machine)%n",
                    users / (fill.wallNanos() / 1e9), sandbox.userCount(), 100 * Math.max(0, fill.othersShare()));
            lookups(connector, users, "userName", i -> "user" + i + "@contoso.com");
            lookups(connector, users, "externalId", i -> "ext-" + i);
            lookups(connector, users, "emails[type eq \"work\"].value", i -> "user" + i + ".work@contoso.com");
            long start = System.nanoTime();
            int scans = 5;
            for (int i = 0; i < scans; i++) {
                connector.find(ObjectKind.USER, "name.familyName", "Family" + i);
            }
            System.out.printf(Locale.ROOT, "scan filter  : %,8.0f ms per name.familyName eq query over every user%n",
                    (System.nanoTime() - start) / 1e6 / scans);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "heap after GC: %,d MB%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }
    }

    private static Map<String, Object> user(int i) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("userName", "user" + i + "@contoso.com");
        user.put("externalId", "ext-" + i);
        user.put("active", true);
        user.put("name.givenName", "Given" + i);
        user.put("name.familyName", "Family" + i);
        user.put("emails[type eq \"work\"].value", "user" + i + ".work@contoso.com");
        user.put("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales");
        return user;
    }

    private static void lookups(ScimConnector connector, int users, String path, IntFunction<String> value) throws Exception {
        int count = 4_000;
        Histogram latency = new Histogram(3);
        long start = System.nanoTime();
        timed(count, i -> () -> {
            long began = System.nanoTime();
            int found = connector.find(ObjectKind.USER, path, value.apply(ThreadLocalRandom.current().nextInt(users))).size();
            if (found != 1) {
                throw new IllegalStateException(path + " matched " + found);
            }
            synchronized (latency) {
                latency.recordValue((System.nanoTime() - began) / 1_000);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "find %-30s: %,8.0f lookups/s, p50 %.2f ms, p99 %.2f ms%n", path,
                count / seconds, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3);
    }

    private static void timed(int count, IntFunction<Runnable> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                for (int i = first; i < count; i += THREADS) {
                    task.apply(i).run();
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }
}
