package io.provisor.bench;

import io.provisor.sandbox.SandboxScimServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much CPU per user a provisioning client may spend beyond its HTTP and still reach a share of the raw limit,
 * against the SCIM-SDK sandbox in this JVM on this machine. The raw client of {@link CycleBenchmark} runs with four
 * threads, each spending a set amount of its own CPU after every user ({@code work=} in microseconds, 0 first), as a
 * cycle spends it on deciding, explaining and logging. Each round runs every amount once, side by side, into an emptied
 * server; the ratio of an amount is its users/s over the same round's users/s without work. Prints figures; asserts
 * nothing.
 *
 * <p>{@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.ScimBudgetBenchmark -Dbench.heap=1g
 * "-Dbench.args=users=20000 rounds=3 work=0,50,100,150,200,300"}
 */
public final class ScimBudgetBenchmark {

    private static final int THREADS = 4;
    private static final String TOKEN = "budget-token";

    private record Run(double usersPerSecond, ThreadCpu.Use cpu) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args, new LinkedHashMap<>());
        int users = Bench.integer(options, "users", 20_000);
        int rounds = Bench.integer(options, "rounds", 3);
        long[] work = Arrays.stream(options.getOrDefault("work", "0,50,100,150,200,300").split(",")).mapToLong(Long::parseLong).toArray();
        if (work[0] != 0) {
            throw new IllegalArgumentException("work= starts with 0, the raw client each round's ratios are taken against");
        }
        try (SandboxScimServer sandbox = new SandboxScimServer(0, TOKEN).start()) {
            System.out.printf(Locale.ROOT, "scim budget benchmark: %,d users a run, %d threads, %d rounds, %d CPUs, load %.1f%n",
                    users, THREADS, rounds, Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage());
            for (int i = 0; i < 2; i++) { // both sides compiled before anything is measured
                new RawScimLoad(sandbox.baseUrl(), TOKEN, true).run(users, THREADS);
                sandbox.clear();
            }
            List<List<Run>> byWork = new ArrayList<>();
            for (long ignored : work) {
                byWork.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int w = 0; w < work.length; w++) {
                    Run run = run(sandbox, users, work[w] * 1000);
                    byWork.get(w).add(run);
                    System.out.printf(Locale.ROOT, "round %d, work %3d us: %,6.0f users/s%n", round + 1, work[w], run.usersPerSecond());
                }
            }
            print(work, byWork, users);
        }
    }

    private static Run run(SandboxScimServer sandbox, int users, long workNanos) throws InterruptedException {
        System.gc();
        ThreadCpu.Snapshot before = ThreadCpu.snapshot();
        RawScimLoad.Result result = new RawScimLoad(sandbox.baseUrl(), TOKEN, true, workNanos).run(users, THREADS);
        ThreadCpu.Use cpu = ThreadCpu.snapshot().since(before);
        if (result.unexpected() > 0) {
            System.out.println("  unexpected answers: " + result.unexpected() + " (first: " + result.firstProblem() + ")");
        }
        sandbox.clear();
        return new Run(users / (result.nanos() / 1e9), cpu);
    }

    private static void print(long[] work, List<List<Run>> byWork, int users) {
        System.out.println();
        System.out.println("| work per user | users/s, each round | ratio to no work, each round | median ratio"
                + " | CPU per user: server / client / GC |");
        System.out.println("|---|---|---|---|---|");
        List<Run> baseline = byWork.get(0);
        for (int w = 0; w < work.length; w++) {
            List<Run> runs = byWork.get(w);
            List<String> rates = new ArrayList<>();
            double[] ratios = new double[runs.size()];
            double server = 0;
            double client = 0;
            double gc = 0;
            for (int r = 0; r < runs.size(); r++) {
                Run run = runs.get(r);
                rates.add(String.format(Locale.ROOT, "%,.0f", run.usersPerSecond()));
                ratios[r] = run.usersPerSecond() / baseline.get(r).usersPerSecond();
                server += run.cpu().server();
                client += run.cpu().client();
                gc += run.cpu().gc();
            }
            double perUser = 1e6 * users * runs.size();
            System.out.printf(Locale.ROOT, "| %d us | %s | %s | %.2f | %.2f / %.2f / %.2f ms |%n", work[w], String.join(", ", rates),
                    String.join(", ", Arrays.stream(ratios).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).toList()),
                    median(ratios), server / perUser, client / perUser, gc / perUser);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
