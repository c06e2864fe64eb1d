package io.provisor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.cycle.Connectors;
import io.provisor.cycle.CycleProgress;
import io.provisor.cycle.CycleSummary;
import io.provisor.cycle.JobSettings;
import io.provisor.cycle.Provisioning;
import io.provisor.cycle.ResetScope;
import io.provisor.cycle.Scheduler;
import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import io.provisor.scimtarget.SandboxProcess;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.scimtarget.ScimmyTarget;
import io.provisor.store.AuditStore;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.Dialect;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The provisioning-cycle benchmark (issue 5): N generated users, in scope for {@code contoso-crm} through
 * assigned groups of 1,000 (or a share of them in scope, the rest in unassigned groups), imported into a
 * fresh store; then, for each SCIM server, the
 * raw limit of the server (a plain client sending the cycle's requests), the initial cycle, an incremental
 * cycle after changing 1 % of the users, and event-mode latency from a directory write to the account in
 * the target. Not a test: run it with
 * {@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.CycleBenchmark "-Dbench.args=users=100000"}.
 *
 * <pre>
 *   users=100000         users in the directory
 *   scope=100            percent of them in scope (in assigned groups); the rest are in groups not assigned
 *   groupSize=1000       members per group (0: one group per kind); each assigned group is provisioned with its members
 *   targets=sandbox,scimmy   the SCIM servers, in order (sandbox = SCIM-SDK in this JVM, sandbox-process = the same
 *                        server in a JVM of its own, scimmy = SCIMMY on Node); a server named twice is measured
 *                        again in its own column ("round 2"), with everything on both sides compiled by the first round;
 *                        named more often, each later round is a pair of its own, and the summary gives the median ratio
 *   serverHeap=2g        the max heap of sandbox-process's JVM
 *   serverCpu=1          run each target server on this CPU alone and this JVM (provisor and the raw client) on the
 *                        others, as a target app runs on a host of its own; only for servers in a process of their own
 *                        (sandbox-process, scimmy). Default: everything shares every CPU
 *   concurrency=4        the app's concurrency, and the raw client's threads
 *   raw=on               measure the raw limit before each initial cycle ("off" to skip)
 *   rawEmailLookup=true  the raw client also sends the second lookup (emails) the cycle sends; false: GET + POST only
 *   changePercent=1      users changed before the incremental cycle (0 to skip it)
 *   events=200           changes made one at a time in event mode (0 to skip)
 *   db=h2                the store: embedded H2, or "pg" for a fresh schema of PROVISOR_TEST_PG_URL
 *   tickMillis=100       scheduler tick in event mode
 *   debounceMillis=200   the app's debounce in event mode
 *   commitLingerMillis=50   how long the app's cycles gather outcomes before committing them (the app default)
 * </pre>
 */
public final class CycleBenchmark {

    private static final String APP = CycleTenant.APP;
    private static final String TOKEN_VARIABLE = "BENCH_SCIM_TOKEN";

    private final Map<String, String> options;
    private final Map<String, Map<String, String>> figures = new LinkedHashMap<>();
    private final Map<String, String> targetOf = new LinkedHashMap<>();
    private final Map<String, Integer> rounds = new LinkedHashMap<>();
    /** Per server, the ratio of each round after its first: the machine's pace drifts between phases, so one pair says little. */
    private final Map<String, List<Double>> compiledRatios = new LinkedHashMap<>();
    /** Each server named in targets=, started once: a server named twice serves round 2 already compiled. */
    private final Map<String, ScimTarget> started = new LinkedHashMap<>();
    private final Map<String, String> common = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private long peakHeap;
    private long peakLive;
    private int assignedGroups;
    /** The store is PostgreSQL, whose server does part of provisor's work in processes of its own. */
    private boolean postgres;
    private Database database;
    private int round;

    private CycleBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args, new LinkedHashMap<>());
        new CycleBenchmark(options).run();
        System.exit(0);
    }

    private int integer(String key, int fallback) {
        return Bench.integer(options, key, fallback);
    }

    private void run() throws Exception {
        int directoryUsers = integer("users", 100_000);
        int users = (int) Math.round(directoryUsers * Double.parseDouble(options.getOrDefault("scope", "100")) / 100);
        int groupSize = integer("groupSize", 1000) > 0 ? integer("groupSize", 1000) : Math.max(1, directoryUsers);
        assignedGroups = (users + groupSize - 1) / groupSize;
        int concurrency = integer("concurrency", 4);
        List<String> targets = Arrays.asList(options.getOrDefault("targets", "sandbox,scimmy").split(","));
        keepServerCpuApart(targets);
        Path work = Files.createTempDirectory("cyclebench-");
        StoreSettings store = BenchStores.of(options, work.resolve("data"), "cyclebench");
        postgres = store.dialect() == Dialect.POSTGRESQL;
        double loadBefore = CpuMeter.loadAverage();
        try (StoreHeapMonitor heap = new StoreHeapMonitor()) {
            Path snapshot = work.resolve("tenant.ndjson");
            long bytes = CycleTenant.write(snapshot, directoryUsers, users, groupSize);
            Path rules = rules(work, concurrency);
            try (Database database = Database.open(store)) {
                this.database = database;
                Directory directory = new Directory(new DirectoryStore(database));
                progress(String.format(Locale.ROOT, "importing %,d users (%,d MB NDJSON)", directoryUsers, bytes >> 20));
                heap.reset();
                long t0 = System.nanoTime();
                ImportReport report;
                try (InputStream in = Files.newInputStream(snapshot)) {
                    report = new SnapshotImporter(directory, SnapshotImporter.DEFAULT_BATCH).importNdjson(in);
                }
                long importNanos = System.nanoTime() - t0;
                notePeak(heap);
                common.put("import: peak heap used / max live after GC", heapFigures(heap));
                if (!report.complete()) {
                    throw new IllegalStateException("import stopped: " + report.problems());
                }
                common.put("directory", String.format(Locale.ROOT, "%,d users, %,d in scope (Sales, US, enabled) in %,d assigned"
                        + " groups of up to %,d; import into %s %s (%,d changes, not counted below)", directoryUsers, users,
                        assignedGroups, groupSize, store.dialect() == Dialect.H2 ? "embedded H2" : "PostgreSQL",
                        Bench.seconds(importNanos), report.changes()));
                Map<String, String> environment = new LinkedHashMap<>();
                Provisioning provisioning = new Provisioning(new RuleLibrary(rules).loadAll(), directory, new JobStore(database),
                        new Candidates(database), new PolicyEngine(), Connectors::open, new AuditStore(database), Clock.systemUTC(),
                        environment::get);
                try {
                    for (String name : targets) {
                        measure(provisioning, directory, started.computeIfAbsent(name.trim(), this::target), users, concurrency,
                                environment, heap);
                    }
                } finally {
                    provisioning.close();
                }
                if (!postgres) {
                    noteStoreFile(work.resolve("data"));
                }
            }
        } finally {
            TestDatabases.drop(store);
            Bench.deleteTree(work);
        }
        common.put("load average", String.format(Locale.ROOT, "%.1f at start, %.1f at end (%d CPUs)", loadBefore,
                CpuMeter.loadAverage(), Runtime.getRuntime().availableProcessors()));
        compiledRatios.forEach((server, ratios) -> common.put("ratio cycle / raw, " + server + ", rounds 2-" + (ratios.size() + 1),
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", "))
                        + String.format(Locale.ROOT, "; median %.2f", median(ratios))));
        common.put("peak heap used, whole run", Bench.megabytes(peakHeap) + " of " + Bench.megabytes(StoreHeapMonitor.maxHeap())
                + "; max live after GC " + Bench.megabytes(peakLive));
        print();
    }

    /** The shipped rules with the app's job settings for the benchmark; the connector is set per target. */
    private Path rules(Path work, int concurrency) throws Exception {
        Path rules = TestRules.copyShipped(work);
        Path appJson = rules.resolve(APP).resolve("app.json");
        ObjectNode app = (ObjectNode) Json.mapper().readTree(appJson.toFile());
        app.remove("connector");
        ObjectNode settings = app.putObject("provisioning");
        settings.put("startOnLaunch", false).put("intervalMinutes", 1440).put("concurrency", concurrency)
                .put("eventMode", true).put("debounceMillis", integer("debounceMillis", 200))
                .put("deletionThreshold", 0).put("escrowBackoffSeconds", 0)
                .put("commitLingerMillis", integer("commitLingerMillis", (int) JobSettings.DEFAULTS.commitLinger().toMillis()));
        Files.writeString(appJson, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(app));
        return rules;
    }

    /** With {@code serverCpu=}, moves this JVM off the server's CPU before it starts any work. */
    private void keepServerCpuApart(List<String> targets) {
        String serverCpu = options.get("serverCpu");
        if (serverCpu != null) {
            List<String> inThisJvm = targets.stream().map(String::trim)
                    .filter(name -> name.equals("sandbox") || name.equals("scim-sdk")).toList();
            if (!inThisJvm.isEmpty()) {
                throw new IllegalArgumentException("serverCpu= cannot keep " + inThisJvm.get(0)
                        + " apart: it serves from this JVM; use sandbox-process");
            }
            CpuPinning.pin(ProcessHandle.current(), CpuPinning.allBut(Integer.parseInt(serverCpu)));
            common.put("CPUs", "this JVM (provisor, raw client) on " + CpuPinning.allowed(ProcessHandle.current())
                    + "; each target server on " + serverCpu + " alone");
        }
    }

    private ScimTarget target(String name) {
        String serverCpu = options.get("serverCpu");
        ScimTarget target = switch (name) {
            case "sandbox", "scim-sdk" -> SandboxTarget.get();
            case "sandbox-process", "scim-sdk-process" -> {
                List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.getOrDefault("serverHeap", "2g"), "-XX:+UseParallelGC"));
                if (serverCpu != null) {
                    jvm.add("-XX:ActiveProcessorCount=1"); // sizes its collector and compiler threads for the one CPU it gets
                }
                yield SandboxProcess.start(jvm);
            }
            case "scimmy" -> ScimmyTarget.instance();
            default -> throw new IllegalArgumentException("unknown target `" + name + "`: use sandbox, sandbox-process or scimmy");
        };
        if (serverCpu != null) {
            CpuPinning.pinTree(target.process().orElseThrow(), serverCpu); // keepServerCpuApart refused servers in this JVM
        }
        return target;
    }

    /** The CPU time of a server running apart from this JVM so far, or -1 (in this JVM, or unknown). */
    private static long serverCpuNanos(ScimTarget target) {
        return target.process().map(CpuMeter::processTreeCpuNanos).orElse(-1L);
    }

    /**
     * For a server in a process of its own: its CPU per user over a phase and how busy that kept it, as a share of one
     * CPU. A server of one thread (SCIMMY on Node) at 100 % sets the pace; below it, its client left it waiting.
     */
    private void putServerProcessCpu(String name, String phase, long startNanos, long endNanos, long wallNanos, int users) {
        if (startNanos >= 0 && endNanos >= 0) {
            put(name, phase + ": the server's process, CPU per user / busy (share of one CPU)", String.format(Locale.ROOT,
                    "%.2f ms / %.0f %%", (endNanos - startNanos) / 1e6 / users, 100.0 * (endNanos - startNanos) / wallNanos), "");
        }
    }

    /**
     * The H2 file's size after the last round, before any housekeeping: H2 reuses no chunk freed in the last 45 s, so
     * housekeeping right after a cycle writes the pages it moves at the end of the file (session 25: 2,336 MB, and
     * 2,992 MB after housekeeping at once).
     */
    private void noteStoreFile(Path data) throws IOException {
        common.put("H2 file after the last round", Bench.megabytes(Bench.treeBytes(data)));
    }

    /**
     * The embedded store's housekeeping after the previous round, done now and then held back until the raw phase
     * ends: beside the raw client it took the CPU the raw limit is measured with. H2 rewrites no chunk younger than
     * 45 s, so what the previous cycle wrote last is left for the next round's step. Its time is the previous
     * round's.
     */
    private void housekeepBeforeMeasuring(String name) throws InterruptedException {
        // settleSeconds=: an idle store between rounds, as between an admin's cycles; H2 rewrites no younger chunk
        Thread.sleep(1000L * integer("settleSeconds", 0));
        long t0 = System.nanoTime();
        database.housekeepNow();
        database.pauseHousekeeping(true);
        put(name, "store housekeeping before the round (after the previous one)", Bench.seconds(System.nanoTime() - t0), "");
    }

    /** How busy all of the machine's CPUs were over the span, from /proc/stat. */
    private static String busyPercent(CpuMeter.Span span) {
        return span.machineBusyNanos() < 0 ? "n/a"
                : String.format(Locale.ROOT, "%.0f %%", 100.0 * span.machineBusyNanos() / (span.wallNanos() * (double) span.cores()));
    }

    private void measure(Provisioning provisioning, Directory directory, ScimTarget target, int users, int concurrency,
                         Map<String, String> environment, StoreHeapMonitor heap) throws Exception {
        round++;
        // a target named twice is measured again in the same JVM, its column named by round: the second round's code
        // is compiled already, on both sides, as in a provisor that has been running for a while
        int targetRound = rounds.merge(target.name(), 1, Integer::sum);
        String name = targetRound == 1 ? target.name() : target.name() + ", round " + targetRound;
        progress("target " + name + " at " + target.baseUrl());
        environment.put(TOKEN_VARIABLE, target.token());
        ObjectNode connector = Json.mapper().createObjectNode().put("type", "scim").put("baseUrl", target.baseUrl().toString());
        connector.putObject("auth").put("type", "bearer").put("tokenEnv", TOKEN_VARIABLE);
        provisioning.saveConnector(APP, connector, Map.of(), "bench");
        provisioning.restart(APP, ResetScope.parse("Full"), "bench");
        housekeepBeforeMeasuring(name);

        // 1. the raw limit
        long rawNanos = -1;
        long rawSecondHalf = -1;
        ThreadCpu.Use rawCpu = null;
        boolean emailLookup = Boolean.parseBoolean(options.getOrDefault("rawEmailLookup", "true"));
        if (!"off".equals(options.getOrDefault("raw", "on"))) {
            target.reset();
            heap.reset();
            progress("raw client, " + concurrency + " threads");
            ThreadCpu.Snapshot rawStart = ThreadCpu.snapshot();
            long rawServerStart = serverCpuNanos(target);
            CpuMeter rawMeter = new CpuMeter().start();
            RawScimLoad.Result raw = new RawScimLoad(target.baseUrl(), target.token(), emailLookup).run(users, concurrency);
            CpuMeter.Span rawSpan = rawMeter.stop();
            rawCpu = ThreadCpu.snapshot().since(rawStart);
            put(name, "raw client: machine busy", busyPercent(rawSpan), "");
            putCpu(name, "raw client: CPU per user, server / raw client / compiler / GC", rawCpu, users);
            putServerProcessCpu(name, "raw client", rawServerStart, serverCpuNanos(target), raw.nanos(), users);
            notePeak(heap);
            rawNanos = raw.nanos();
            put(name, "raw client: wall time", Bench.seconds(raw.nanos()), "");
            put(name, "raw client: requests/s (" + (emailLookup ? "2 GET filters + POST, as the cycle" : "GET + POST") + ")", Bench.perSecond(raw.requests(), raw.nanos()), "");
            put(name, "raw client: users/s", Bench.perSecond(raw.users(), raw.nanos()), "");
            if (raw.halfNanos() > 0) {
                rawSecondHalf = raw.nanos() - raw.halfNanos();
                put(name, "raw client: second half, users/s", Bench.perSecond(users - users / 2, rawSecondHalf), "");
            }
            if (raw.unexpected() > 0) {
                put(name, "raw client: unexpected answers", raw.unexpected() + " (first: " + raw.firstProblem() + ")", "0");
            }
            progress(String.format(Locale.ROOT, "raw: %s, %s users/s", Bench.seconds(raw.nanos()), Bench.perSecond(users, raw.nanos())));
        }

        // 2. the initial cycle
        database.pauseHousekeeping(false);
        target.reset();
        heap.reset();
        progress("initial cycle");
        CpuMeter cpu = new CpuMeter().start();
        ThreadCpu.Snapshot cycleStart = ThreadCpu.snapshot();
        long cycleServerStart = serverCpuNanos(target);
        long storeStart = postgres ? CpuMeter.processesCpuNanos("postgres") : -1;
        AtomicLong usersDone = new AtomicLong(-1);
        AtomicLong halfDone = new AtomicLong(-1);
        long t0 = System.nanoTime();
        AtomicLong serverAtUsersDone = new AtomicLong(-1);
        // the outcome writer's thread ends with the cycle, taking its CPU figure along: read it while the users are done
        AtomicReference<ThreadCpu.Snapshot> atUsersDone = new AtomicReference<>();
        CycleSummary initial = provisioning.runCycle(APP, progress -> watchUsers(progress, users, t0, halfDone, usersDone, () -> {
            serverAtUsersDone.set(serverCpuNanos(target));
            atUsersDone.set(ThreadCpu.snapshot());
        })).orElseThrow();
        CpuMeter.Span span = cpu.stop();
        ThreadCpu.Use cycleCpu = ThreadCpu.snapshot().since(cycleStart);
        if (usersDone.get() > 0) {
            putServerProcessCpu(name, "initial cycle, users phase", cycleServerStart, serverAtUsersDone.get(), usersDone.get(), users);
        }
        long storeEnd = storeStart < 0 ? -1 : CpuMeter.processesCpuNanos("postgres");
        long storeCpu = storeStart < 0 || storeEnd < 0 ? 0 : storeEnd - storeStart;
        putCpu(name, "initial cycle: CPU per user, server / provisor / compiler / GC", cycleCpu, users);
        if (atUsersDone.get() != null && usersDone.get() > 0) {
            ThreadCpu.Use usersPhase = atUsersDone.get().since(cycleStart);
            if (usersPhase.writer() >= 0) {
                put(name, "initial cycle, users phase: provisor's CPU per user / of which the outcome writer's",
                        String.format(Locale.ROOT, "%.2f / %.2f ms", usersPhase.client() / 1e6 / users, usersPhase.writer() / 1e6 / users), "");
            }
        }
        if (storeStart >= 0) {
            put(name, "initial cycle: PostgreSQL's CPU per user (its processes, from /proc; counted as provisor's below)",
                    String.format(Locale.ROOT, "%.2f ms", storeCpu / 1e6 / users), "");
        }
        // a server out of process has no threads here: what the split counts as its CPU is an earlier in-JVM server idling
        if (!(target instanceof SandboxTarget)) {
            put(name, "client CPU per unit of server CPU: raw client / provisor", "(server out of process)", "");
        } else if (rawCpu != null && rawCpu.server() > 0 && cycleCpu.server() > 0) {
            put(name, "client CPU per unit of server CPU: raw client / provisor", String.format(Locale.ROOT, "%.2f / %.2f",
                    rawCpu.clientPerServer(), cycleCpu.clientPerServer()), "");
            // in units of each phase's own server CPU: the server does the same work per user in both phases, so a
            // machine that runs faster or slower in one phase than in the other (seen here by a factor of 1.4) cancels out
            double provisor = (cycleCpu.client() + storeCpu) / (double) cycleCpu.server();
            double bound = (1 + rawCpu.clientPerServer()) / (1 + provisor);
            put(name, "ratio if CPU-bound: (1 + raw client) / (1 + provisor), each per unit of its phase's server CPU, compiler and GC left out",
                    String.format(Locale.ROOT, "%.2f", bound), "");
        }
        notePeak(heap);
        put(name, "initial cycle: peak heap used / max live after GC", heapFigures(heap), "");
        long initialNanos = span.wallNanos();
        requireCompleted(initial);
        long accounts = count(target);
        progress("initial: " + Bench.seconds(initialNanos) + ", " + accounts + " accounts; " + initial.counts());
        put(name, "initial cycle: wall time", Bench.seconds(initialNanos), "");
        put(name, "initial cycle: objects/s (users + groups)", Bench.perSecond(users + assignedGroups, initialNanos), "");
        if (usersDone.get() > 0) {
            put(name, "initial cycle: users phase, wall time", Bench.seconds(usersDone.get()), "");
            put(name, "initial cycle: users phase, users/s", Bench.perSecond(users, usersDone.get()), "");
            if (halfDone.get() > 0) {
                put(name, "initial cycle: users phase, second half, users/s (compiler mostly done)",
                        Bench.perSecond(users - users / 2, usersDone.get() - halfDone.get()), "");
            }
        }
        put(name, "initial cycle: accounts in target afterwards", String.format(Locale.ROOT, "%,d", accounts),
                String.format(Locale.ROOT, "%,d", users));
        put(name, "initial cycle: provisor JVM CPU / machine busy", String.format(Locale.ROOT, "%.0f s / %s",
                span.processCpuNanos() / 1e9, busyPercent(span)), "");
        if (rawNanos > 0) {
            long cycleUsers = usersDone.get() > 0 ? usersDone.get() : initialNanos;
            double ratio = rawNanos / (double) cycleUsers;
            put(name, "ratio cycle / raw (users/s, users phase)", String.format(Locale.ROOT, "%.2f", ratio), ">= 0.8");
            if (targetRound > 1) {
                compiledRatios.computeIfAbsent(target.name(), key -> new ArrayList<>()).add(ratio);
            }
            if (rawSecondHalf > 0 && halfDone.get() > 0 && usersDone.get() > 0) {
                put(name, "ratio cycle / raw, second halves (diagnostic: past most of the compiling)", String.format(Locale.ROOT, "%.2f",
                        rawSecondHalf / (double) (usersDone.get() - halfDone.get())), "");
            }
        }

        // 3. the incremental cycle after changing 1 %
        double percent = Double.parseDouble(options.getOrDefault("changePercent", "1"));
        if (percent > 0) {
            int step = (int) Math.max(1, Math.round(100 / percent));
            int changed = 0;
            long w0 = System.nanoTime();
            for (int i = round % step; i < users; i += step) {
                rename(directory, i, CycleTenant.surname(i) + "-r" + round);
                changed++;
            }
            progress(String.format(Locale.ROOT, "%,d users changed in %s; incremental cycle", changed, Bench.seconds(System.nanoTime() - w0)));
            heap.reset();
            long i0 = System.nanoTime();
            CycleSummary incremental = provisioning.runCycle(APP, null).orElseThrow();
            long incrementalNanos = System.nanoTime() - i0;
            notePeak(heap);
            requireCompleted(incremental);
            progress("incremental: " + Bench.seconds(incrementalNanos) + "; " + incremental.counts());
            put(name, String.format(Locale.ROOT, "incremental cycle (%,d users renamed): wall time", changed), Bench.seconds(incrementalNanos), "");
            put(name, "incremental / initial time", String.format(Locale.ROOT, "%.1f %%", 100.0 * incrementalNanos / initialNanos), "<= 5 %");
            put(name, "incremental cycle: actions", String.valueOf(incremental.counts().get("actions")), "");
        }

        // 4. event mode
        int events = integer("events", 200);
        if (events > 0) {
            heap.reset();
            long[] latencies = eventLatencies(provisioning, directory, target, users, events);
            notePeak(heap);
            long[] seen = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
            put(name, String.format(Locale.ROOT, "event mode: change -> target p50 / p95 / max (%d changes)", events),
                    seen.length == 0 ? "none seen" : millis(percentile(seen, 50)) + " / " + millis(percentile(seen, 95))
                            + " / " + millis(seen[seen.length - 1]), "p95 <= 2 s");
            if (seen.length < latencies.length) {
                put(name, "event mode: changes not seen within 30 s", Integer.toString(latencies.length - seen.length), "0");
            }
        }
    }

    /** A phase's CPU per user by whom, in milliseconds; nothing where /proc is missing. */
    private void putCpu(String target, String figure, ThreadCpu.Use use, int users) {
        if (use.client() < 0) {
            return;
        }
        put(target, figure, String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", use.server() / 1e6 / users,
                use.client() / 1e6 / users, use.compiler() / 1e6 / users, use.gc() / 1e6 / users), "");
    }

    /**
     * Polls the running cycle until the users are processed (groups come after them), records when half and all were,
     * and then runs {@code atUsersDone}.
     */
    private static void watchUsers(CycleProgress progress, int users, long t0, AtomicLong halfDone, AtomicLong usersDone,
                                   Runnable atUsersDone) {
        Thread watcher = new Thread(() -> {
            while (progress.processed() < users) {
                if (halfDone.get() < 0 && progress.processed() >= users / 2) {
                    halfDone.set(System.nanoTime() - t0);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            atUsersDone.run();
            usersDone.set(System.nanoTime() - t0);
        }, "users-phase-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void requireCompleted(CycleSummary summary) {
        if (!summary.completed()) {
            throw new IllegalStateException("the cycle did not complete: " + summary.outcome() + " " + summary.error() + " " + summary.counts());
        }
    }

    private static void rename(Directory directory, int i, String surname) {
        ObjectNode user = (ObjectNode) directory.user(CycleTenant.userId(i));
        user.put("surname", surname).put("displayName", CycleTenant.givenName(i) + " " + surname);
        directory.putUser(CycleTenant.userId(i), user);
    }

    /** Changes users one at a time with the scheduler running and times each until GET by userName shows it. */
    private long[] eventLatencies(Provisioning provisioning, Directory directory, ScimTarget target, int users, int events)
            throws Exception {
        progress(events + " changes in event mode");
        long[] latencies = new long[events];
        try (Scheduler scheduler = new Scheduler(provisioning, Duration.ofMillis(integer("tickMillis", 100))).start()) {
            provisioning.start(APP, "bench");
            int step = Math.max(1, users / events);
            for (int k = 0; k < events; k++) {
                int i = (k * step + 3) % users;
                String surname = "Event" + round + "x" + k;
                long t0 = System.nanoTime();
                rename(directory, i, surname);
                latencies[k] = -1;
                long deadline = t0 + 30_000_000_000L;
                while (System.nanoTime() < deadline) {
                    if (surname.equals(familyName(target, CycleTenant.userPrincipalName(i)))) {
                        latencies[k] = System.nanoTime() - t0;
                        break;
                    }
                    Thread.sleep(5);
                }
            }
        } finally {
            provisioning.pause(APP, "bench");
        }
        return latencies;
    }

    private String familyName(ScimTarget target, String userName) throws Exception {
        String filter = URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/Users?filter=" + filter))
                .header("Authorization", "Bearer " + target.token()).header("Accept", "application/scim+json").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode found = Json.mapper().readTree(response.body()).path("Resources");
        return found.size() == 1 ? found.get(0).path("name").path("familyName").asText(null) : null;
    }

    private long count(ScimTarget target) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/Users?count=1&startIndex=1"))
                .header("Authorization", "Bearer " + target.token()).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(response.body()).path("totalResults").asLong();
    }

    // ---- figures

    private void notePeak(StoreHeapMonitor heap) {
        peakHeap = Math.max(peakHeap, heap.figures().peakUsed());
        peakLive = Math.max(peakLive, heap.figures().maxAfterGc());
    }

    private static String heapFigures(StoreHeapMonitor heap) {
        StoreHeapMonitor.Heap figures = heap.figures();
        return Bench.megabytes(figures.peakUsed()) + " / " + Bench.megabytes(figures.maxAfterGc());
    }

    private void put(String target, String figure, String value, String goal) {
        figures.computeIfAbsent(figure, key -> new LinkedHashMap<>()).put(target, value);
        targetOf.putIfAbsent(figure, goal);
    }

    private void print() {
        StringBuilder out = new StringBuilder("\nprovisor cycle benchmark\n");
        int keyWidth = common.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  %s%n", "machine", String.format(Locale.ROOT,
                "%s %s, %d CPUs, Java %s, max heap %s", System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Bench.megabytes(StoreHeapMonitor.maxHeap()))));
        common.forEach((key, value) -> out.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  %s%n", key, value)));
        List<String> columns = new ArrayList<>();
        figures.values().forEach(row -> row.keySet().forEach(t -> {
            if (!columns.contains(t)) {
                columns.add(t);
            }
        }));
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
        int column = Math.max(12, figures.values().stream().flatMap(row -> row.values().stream()).mapToInt(String::length).max().orElse(10));
        out.append(String.format(Locale.ROOT, "%n| %-" + width + "s |", "figure"));
        columns.forEach(c -> out.append(String.format(Locale.ROOT, " %-" + column + "s |", c)));
        out.append(" target |\n|").append("-".repeat(width + 2)).append("|");
        columns.forEach(c -> out.append("-".repeat(column + 2)).append("|"));
        out.append("--------|\n");
        figures.forEach((figure, row) -> {
            out.append(String.format(Locale.ROOT, "| %-" + width + "s |", figure));
            columns.forEach(c -> out.append(String.format(Locale.ROOT, " %-" + column + "s |", row.getOrDefault(c, ""))));
            out.append(' ').append(targetOf.get(figure)).append(" |\n");
        });
        System.out.println(out);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,d ms", nanos / 1_000_000);
    }

    private static void progress(String message) {
        System.err.printf(Locale.ROOT, "[cyclebench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
