package io.provisor.bench;

import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Measures the policy engine on the samples' policy (rules/common + contoso-crm) and prints figures;
 * it asserts nothing and is not a unit test. Run with {@code mvn -q -Pbench} (see the {@code bench}
 * profile in pom.xml).
 *
 * <p>In one run, side by side on the same generated users:
 * <ol>
 *   <li>agreement: the hand-coded policy must give every user the engine's action and code (and, as a
 *       stricter check, the same whole decision but for its random id);
 *   <li>single-decision latency of {@link PolicyEngine#evaluate} (a pooled session per call), after warm-up;
 *   <li>batch throughput of {@link PolicyEngine#evaluateAll} over batches of 1,000 users, on 1 and 2 threads
 *       (each thread its own batches), against the same work done by {@link HandCodedPolicy}.
 * </ol>
 *
 * <p>Options, as {@code name=value} (or {@code --name value}): {@code users} (100000), {@code seed} (42),
 * {@code rounds} (3 timed rounds, the best is reported), {@code batch} (1000), {@code rules} (rules),
 * {@code app} (contoso-crm), {@code quiet} (seconds to wait, at most, for other processes to go quiet before
 * measuring; 0), {@code profile} with {@code seconds} (loop one workload for a profiler instead; see
 * {@link #profile}).
 *
 * <p>On a shared machine, wall-clock figures suffer from other processes: the report says how much of
 * the machine they took while each figure was measured, and gives CPU time and allocation per decision,
 * which they barely change.
 */
public final class PolicyBenchmark {

    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int users = Integer.parseInt(options.getOrDefault("users", "100000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "1000"));
        String app = options.getOrDefault("app", "contoso-crm");
        Path rulesDir = Path.of(options.getOrDefault("rules", "rules"));

        var runtime = ManagementFactory.getRuntimeMXBean();
        System.out.printf(Locale.ROOT, "provisor policy benchmark — %s, %d users (seed %d), batches of %,d%n",
                app, users, seed, batchSize);
        System.out.printf(Locale.ROOT, "JVM %s %s, %d cores, max heap %,d MiB, flags %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                runtime.getInputArguments());

        long t0 = System.nanoTime();
        RuleSet rules = new RuleLibrary(rulesDir).loadAll().active(app).orElseThrow(
                () -> new IllegalStateException("no active rule set for " + app + " under " + rulesDir.toAbsolutePath()));
        long t1 = System.nanoTime();
        List<EvaluationInput> inputs = new UserGenerator(seed).generate(users);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "rules: %d rules, revision %s, compiled in %.1f s; users generated in %.1f s%n%n",
                rules.rules().size(), rules.revision(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        PolicyEngine engine = new PolicyEngine();
        HandCodedPolicy hand = new HandCodedPolicy(rules);
        List<List<EvaluationInput>> batches = batches(inputs, batchSize);

        if (options.containsKey("profile")) {
            profile(options.get("profile"), Integer.parseInt(options.getOrDefault("seconds", "30")), rules, inputs,
                    batches, engine, hand);
            return;
        }

        // (d) Agreement, on every user, batch by batch (a whole run of decisions would not fit a small heap).
        // It runs the engine over everything once: the first warm-up too.
        Agreement agreement = new Agreement();
        for (List<EvaluationInput> batch : batches) {
            agreement.add(batch, engine.evaluateAll(rules, batch), hand);
        }

        // Warm-up: every path that is timed below, until the JIT has settled.
        for (int i = 0; i < 2; i++) {
            sink += batchPass(batches, b -> engine.evaluateAll(rules, b));
            sink += batchPass(batches, b -> explainAll(hand, b));
            sink += batchPass(batches, b -> decideAll(hand, b));
        }
        for (int i = 0; i < Math.min(users, 50_000); i++) {
            sink += engine.evaluate(rules, inputs.get(i)).code().length();
        }
        runParallel(batches, 2, b -> engine.evaluateAll(rules, b));
        runParallel(batches, 2, b -> explainAll(hand, b));

        waitForQuiet(Integer.parseInt(options.getOrDefault("quiet", "0")));

        // (a) Single decisions: one pooled session per call, every user once, one timing each.
        Histogram single = new Histogram(3_600_000_000_000L, 3);
        Histogram singleHand = new Histogram(3_600_000_000_000L, 3);
        CpuMeter meter = new CpuMeter();
        meter.start();
        for (EvaluationInput input : inputs) {
            long start = System.nanoTime();
            Decision d = engine.evaluate(rules, input);
            long middle = System.nanoTime();
            Decision h = hand.explain(input);
            long end = System.nanoTime();
            single.recordValue(middle - start);
            singleHand.recordValue(end - middle);
            sink += d.code().length() + h.code().length();
        }
        CpuMeter.Span singleSpan = meter.stop();

        // (b)+(c) Throughput, rounds interleaved so that engine and hand-coded share the machine's state.
        Throughput engine1 = new Throughput("engine, 1 thread", users);
        Throughput engine2 = new Throughput("engine, 2 threads", users);
        Throughput hand1 = new Throughput("hand-coded, 1 thread", users);
        Throughput hand2 = new Throughput("hand-coded, 2 threads", users);
        Throughput handCore = new Throughput("hand-coded action+code, 1 thread", users);
        for (int r = 0; r < rounds; r++) {
            engine1.add(timed(() -> batchPass(batches, b -> engine.evaluateAll(rules, b))));
            hand1.add(timed(() -> batchPass(batches, b -> explainAll(hand, b))));
            engine2.add(timed(() -> runParallel(batches, 2, b -> engine.evaluateAll(rules, b))));
            hand2.add(timed(() -> runParallel(batches, 2, b -> explainAll(hand, b))));
            handCore.add(timed(() -> batchPass(batches, b -> decideAll(hand, b))));
        }

        print(users, agreement, single, singleHand, singleSpan, List.of(engine1, hand1, engine2, hand2, handCore));
    }

    /** Waits, up to the given seconds, for a second in which other processes keep less than 10 % of the machine busy. */
    private static void waitForQuiet(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            CpuMeter meter = new CpuMeter().start();
            Thread.sleep(1000);
            double others = meter.stop().othersShare();
            if (others >= 0 && others < 0.10) {
                return;
            }
        }
    }

    /** The rounds of one throughput figure. */
    static final class Throughput {
        final String name;
        final int decisions;
        final List<CpuMeter.Span> rounds = new ArrayList<>();

        Throughput(String name, int decisions) {
            this.name = name;
            this.decisions = decisions;
        }

        long allocated;

        void add(CpuMeter.Span span) {
            rounds.add(span);
            allocated = lastAllocated;
        }

        /** Bytes allocated per decision by the measuring thread (1-thread figures). */
        double bytesPerDecision() {
            return allocated / (double) decisions;
        }

        /** The best round's decisions per second of wall time. */
        double best() {
            return rounds.stream().mapToDouble(this::rate).max().orElse(0);
        }

        double rate(CpuMeter.Span span) {
            return decisions / (span.wallNanos() / 1e9);
        }

        /** CPU time per decision in the best round, in microseconds (all threads of the JVM, GC included). */
        double cpuMicros() {
            return rounds.stream().max(Comparator.comparingDouble(this::rate))
                    .map(s -> s.processCpuNanos() / 1000.0 / decisions).orElse(0.0);
        }

        /** Share of the machine other processes used in the best round. */
        double others() {
            return rounds.stream().max(Comparator.comparingDouble(this::rate)).map(CpuMeter.Span::othersShare)
                    .orElse(-1.0);
        }

        String all() {
            return rounds.stream().map(s -> String.format(Locale.ROOT, "%,.0f", rate(s))).toList().toString();
        }
    }

    /**
     * Runs one workload in a loop, for a profiler attached to this JVM (JFR, async-profiler, jstack):
     * {@code profile=batch} (evaluateAll, 1 thread), {@code batch2} (2 threads), {@code single} (evaluate),
     * {@code hand} (hand-coded, with explanations), {@code hand2}.
     */
    private static void profile(String workload, int seconds, RuleSet rules, List<EvaluationInput> inputs,
                                List<List<EvaluationInput>> batches, PolicyEngine engine, HandCodedPolicy hand)
            throws Exception {
        Run pass = switch (workload) {
            case "batch" -> () -> batchPass(batches, b -> engine.evaluateAll(rules, b));
            case "batch2" -> () -> runParallel(batches, 2, b -> engine.evaluateAll(rules, b));
            case "single" -> () -> {
                long h = 0;
                for (EvaluationInput input : inputs) {
                    h += engine.evaluate(rules, input).code().length();
                }
                return h;
            };
            case "hand" -> () -> batchPass(batches, b -> explainAll(hand, b));
            case "hand2" -> () -> runParallel(batches, 2, b -> explainAll(hand, b));
            default -> throw new IllegalArgumentException("profile=batch|batch2|single|hand|hand2, not " + workload);
        };
        sink += pass.run(); // warm-up
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Double> rates = new ArrayList<>();
        List<Double> threadCpu = new ArrayList<>();
        CpuMeter meter = new CpuMeter().start();
        while (System.nanoTime() < end) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            sink += pass.run();
            rates.add(inputs.size() / ((System.nanoTime() - start) / 1e9));
            threadCpu.add((threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / inputs.size());
        }
        CpuMeter.Span span = meter.stop();
        double decisions = rates.size() * (double) inputs.size();
        allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
        threadCpu.sort(null);
        System.out.printf(Locale.ROOT, "profile %s: %d passes of %,d users in %.1f s: %,.0f decisions/s (best pass %,.0f), "
                + "%.1f us JVM CPU per decision, main thread %.1f us CPU per decision (median pass; best %.1f), %,.0f bytes allocated "
                + "per decision (main thread), others used %s of the machine%n", workload, rates.size(), inputs.size(), span.wallNanos() / 1e9,
                decisions / (span.wallNanos() / 1e9), rates.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                span.processCpuNanos() / 1000.0 / decisions, threadCpu.get(threadCpu.size() / 2), threadCpu.get(0), allocated / decisions,
                share(span.othersShare()));
    }

    // ------------------------------------------------------------------------------------ agreement

    /** How often the hand-coded policy agrees with the engine, with a few disagreements as examples. */
    static final class Agreement {
        int users;
        int verdicts;
        int decisions;
        final List<String> examples = new ArrayList<>();
        final Map<String, Integer> mix = new TreeMap<>();

        void add(List<EvaluationInput> inputs, List<Decision> engine, HandCodedPolicy hand) {
            for (int i = 0; i < inputs.size(); i++) {
                users++;
                Decision d = engine.get(i);
                mix.merge(d.action() + " " + d.code(), 1, Integer::sum);
                HandCodedPolicy.Verdict v = hand.decide(inputs.get(i));
                if (v.action() == d.action() && v.code().equals(d.code())) {
                    verdicts++;
                } else if (examples.size() < 5) {
                    examples.add(String.format(Locale.ROOT, "  %s: engine %s %s, hand-coded %s %s", d.userId(),
                            d.action(), d.code(), v.action(), v.code()));
                }
                String differs = difference(d, hand.explain(inputs.get(i)));
                if (differs == null) {
                    decisions++;
                } else if (examples.size() < 5) {
                    examples.add(String.format(Locale.ROOT, "  %s (%s %s): whole decision differs in %s", d.userId(),
                            d.action(), d.code(), differs));
                }
            }
        }

        int verdicts() {
            return verdicts;
        }

        int decisions() {
            return decisions;
        }

        List<String> examples() {
            return examples;
        }

        Map<String, Integer> mix() {
            return mix;
        }
    }

    /**
     * The first field in which two decisions differ, their random ids aside; null when none does. Reasons
     * of the same rule are compared in message order: the engine lists them in working-memory order.
     */
    private static String difference(Decision a, Decision b) {
        String[] names = {"revision", "app", "userId", "action", "code", "entraCode", "summary", "reasons",
                "steps", "modifiedProperties", "attributes", "warnings"};
        Object[] left = {a.revision(), a.app(), a.userId(), a.action(), a.code(), a.entraCode(), a.summary(),
                canonical(a.reasons()), a.steps(), a.modifiedProperties(), a.attributes(), a.warnings()};
        Object[] right = {b.revision(), b.app(), b.userId(), b.action(), b.code(), b.entraCode(), b.summary(),
                canonical(b.reasons()), b.steps(), b.modifiedProperties(), b.attributes(), b.warnings()};
        for (int i = 0; i < names.length; i++) {
            if (!Objects.equals(left[i], right[i])) {
                return names[i] + ": engine " + left[i] + " | hand-coded " + right[i];
            }
        }
        return null;
    }

    /** Reasons in their order, except that consecutive reasons of one rule are sorted by message. */
    private static List<Reason> canonical(List<Reason> reasons) {
        List<Reason> sorted = new ArrayList<>(reasons);
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || !sorted.get(i).ruleId().equals(sorted.get(start).ruleId())) {
                sorted.subList(start, i).sort(Comparator.comparing(Reason::message));
                start = i;
            }
        }
        return sorted;
    }

    // ------------------------------------------------------------------------------------ timing

    private static List<Decision> explainAll(HandCodedPolicy hand, List<EvaluationInput> batch) {
        List<Decision> decisions = new ArrayList<>(batch.size());
        for (EvaluationInput input : batch) {
            decisions.add(hand.explain(input));
        }
        return decisions;
    }

    private static List<HandCodedPolicy.Verdict> decideAll(HandCodedPolicy hand, List<EvaluationInput> batch) {
        List<HandCodedPolicy.Verdict> verdicts = new ArrayList<>(batch.size());
        for (EvaluationInput input : batch) {
            verdicts.add(hand.decide(input));
        }
        return verdicts;
    }

    /** Runs every batch on this thread; returns a value that depends on every result. */
    private static long batchPass(List<List<EvaluationInput>> batches, Function<List<EvaluationInput>, List<?>> run) {
        long h = 0;
        for (List<EvaluationInput> batch : batches) {
            h += consume(run.apply(batch));
        }
        return h;
    }

    /** Thread k runs batches k, k + n, k + 2n...: each thread its own batches, and its own session. */
    private static long runParallel(List<List<EvaluationInput>> batches, int threads,
                                    Function<List<EvaluationInput>, List<?>> run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int first = k;
                Callable<Long> task = () -> {
                    long h = 0;
                    for (int b = first; b < batches.size(); b += threads) {
                        h += consume(run.apply(batches.get(b)));
                    }
                    return h;
                };
                futures.add(pool.submit(task));
            }
            long h = 0;
            for (Future<Long> f : futures) {
                h += f.get();
            }
            return h;
        } finally {
            pool.shutdown();
        }
    }

    private static long consume(List<?> results) {
        long h = 0;
        for (Object r : results) {
            h += r instanceof Decision d ? d.reasons().size() + d.code().length()
                    : ((HandCodedPolicy.Verdict) r).code().length();
        }
        return h;
    }

    interface Run {
        long run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes this thread allocated during the last {@link #timed} run (meaningful for 1-thread runs only). */
    private static long lastAllocated;

    private static CpuMeter.Span timed(Run run) throws Exception {
        System.gc();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        CpuMeter meter = new CpuMeter().start();
        sink += run.run();
        CpuMeter.Span span = meter.stop();
        lastAllocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
        return span;
    }

    private static <T> List<List<T>> batches(List<T> all, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            batches.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return batches;
    }

    // ------------------------------------------------------------------------------------ report

    private static void print(int users, Agreement agreement, Histogram single, Histogram singleHand,
                              CpuMeter.Span singleSpan, List<Throughput> throughputs) {
        System.out.println("Decision mix (engine):");
        agreement.mix().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-42s %6d  %5.1f %%%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / users));
        System.out.println();
        System.out.printf(Locale.ROOT, "Agreement, hand-coded vs engine: action+code %,d / %,d users; "
                + "whole decision (all but its id) %,d / %,d%n", agreement.verdicts(), users, agreement.decisions(), users);
        agreement.examples().forEach(System.out::println);
        System.out.println();

        Throughput engine1 = throughputs.get(0);
        Throughput hand1 = throughputs.get(1);
        Throughput engine2 = throughputs.get(2);
        Throughput hand2 = throughputs.get(3);
        Throughput handCore = throughputs.get(4);
        String row = "  %-50s %13s %13s %8s %11s%n";
        System.out.printf(Locale.ROOT, row, "figure", "engine", "hand-coded", "ratio", "others' CPU");
        String othersSingle = share(singleSpan.othersShare());
        System.out.printf(Locale.ROOT, row, "single decision p50 (evaluate, pooled session)", us(single, 50),
                us(singleHand, 50), ratio(single.getValueAtPercentile(50), singleHand.getValueAtPercentile(50)),
                othersSingle);
        System.out.printf(Locale.ROOT, row, "single decision p99", us(single, 99), us(singleHand, 99),
                ratio(single.getValueAtPercentile(99), singleHand.getValueAtPercentile(99)), "");
        System.out.printf(Locale.ROOT, row, "single decision p99.9", us(single, 99.9), us(singleHand, 99.9),
                ratio(single.getValueAtPercentile(99.9), singleHand.getValueAtPercentile(99.9)), "");
        System.out.printf(Locale.ROOT, row, "single decision max", us(single, 100), us(singleHand, 100), "", "");
        System.out.printf(Locale.ROOT, row, "batch, 1 thread (decisions/s, with explanation)", perSecond(engine1.best()),
                perSecond(hand1.best()), ratio(hand1.best(), engine1.best()),
                share(engine1.others()) + "/" + share(hand1.others()));
        System.out.printf(Locale.ROOT, row, "batch, 2 threads (decisions/s, with explanation)", perSecond(engine2.best()),
                perSecond(hand2.best()), ratio(hand2.best(), engine2.best()),
                share(engine2.others()) + "/" + share(hand2.others()));
        System.out.printf(Locale.ROOT, row, "2-thread scaling", String.format(Locale.ROOT, "%.2fx", engine2.best() / engine1.best()),
                String.format(Locale.ROOT, "%.2fx", hand2.best() / hand1.best()), "", "");
        System.out.printf(Locale.ROOT, row, "CPU per decision, 1 thread (JVM total, GC incl.)", micros(engine1.cpuMicros()),
                micros(hand1.cpuMicros()), ratio(engine1.cpuMicros(), hand1.cpuMicros()), "");
        System.out.printf(Locale.ROOT, row, "allocated per decision, 1 thread (bytes)",
                String.format(Locale.ROOT, "%,.0f", engine1.bytesPerDecision()),
                String.format(Locale.ROOT, "%,.0f", hand1.bytesPerDecision()),
                ratio(engine1.bytesPerDecision(), hand1.bytesPerDecision()), "");
        System.out.printf(Locale.ROOT, row, "CPU per decision, 2 threads", micros(engine2.cpuMicros()),
                micros(hand2.cpuMicros()), ratio(engine2.cpuMicros(), hand2.cpuMicros()), "");
        System.out.printf(Locale.ROOT, row, "hand-coded action+code only, 1 thread (decisions/s)", "",
                perSecond(handCore.best()), ratio(handCore.best(), engine1.best()), share(handCore.others()));
        System.out.println();
        System.out.printf(Locale.ROOT, "Throughput is the best of %d rounds: %s%n", engine1.rounds.size(),
                throughputs.stream().map(t -> t.name + " " + t.all()).toList());
        System.out.println("ratio: engine time / hand-coded time for the same decisions (lower is better); others' CPU: "
                + "share of the machine's cores that other processes used meanwhile (engine/hand-coded).");
        double maxOthers = throughputs.stream().mapToDouble(Throughput::others).max().orElse(0);
        if (Math.max(maxOthers, singleSpan.othersShare()) > 0.10) {
            System.out.println("WARNING: other processes were busy during the measurement; wall-clock figures are "
                    + "pessimistic (CPU per decision is not). Rerun on a quiet machine, or with quiet=SECONDS.");
        }
        System.out.printf(Locale.ROOT, "Targets on 2 cores: batch >= 250,000/s with explanations: %s; single p99 <= 50 us: %s; "
                + "ratio <= 6x: %s%n", engine2.best() >= 250_000 ? "met" : "NOT met",
                single.getValueAtPercentile(99) <= 50_000 ? "met" : "NOT met",
                hand2.best() / engine2.best() <= 6 ? "met" : "NOT met");
        System.out.println("(checksum " + sink + ")");
    }

    private static String share(double share) {
        return share < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String micros(double micros) {
        return String.format(Locale.ROOT, "%.1f us", micros);
    }

    private static String us(Histogram h, double percentile) {
        return String.format(Locale.ROOT, "%.1f us", h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    private static String ratio(double slow, double fast) {
        return String.format(Locale.ROOT, "%.1fx", slow / fast);
    }

    /** {@code --name value} or {@code name=value}. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                options.put(args[i].substring(args[i].startsWith("--") ? 2 : 0, eq), args[i].substring(eq + 1));
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("usage: PolicyBenchmark [users=N] [seed=S] [rounds=R] [batch=B] "
                        + "[rules=DIR] [app=NAME]; got `" + args[i] + "`");
            }
        }
        return options;
    }
}
