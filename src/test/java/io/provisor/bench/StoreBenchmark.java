package io.provisor.bench;

import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The store benchmark: imports a generated 1M-user snapshot and fills 10M provisioning log records on
 * H2 (embedded file) and PostgreSQL side by side, then prints one table of figures. Not a test: run
 * it with {@code mvn -Pbench -DskipTests test-compile exec:exec -Dbench.main=io.provisor.bench.StoreBenchmark}
 * (the profile forks {@code java -Xmx512m}, so the import has to fit in 512 MB).
 *
 * <p>Settings, as {@code key=value} arguments ({@code -Dbench.args="users=100000 logs=1000000"}) or
 * system properties {@code store.<key>}:
 * <pre>
 *   users=1000000        users in the snapshot
 *   groups=2000          groups (20 department groups, the rest team groups); each user is in 1-3
 *   assignedGroupEvery=10  every n-th group is assigned to contoso-crm
 *   assignedUserPercent=5  share of users assigned directly
 *   importBatch=500      SnapshotImporter batch size
 *   logs=10000000        provisioning log records to write
 *   logUsers=50000       users the log records name (spread over 30 days)
 *   logBatch=1000        records per ProvisioningLogStore.appendAll
 *   logFill=api          "api": every record through appendAll; "copy": logSeed records through appendAll, then copied
 *                        in SQL up to logs (StoreLogCopy: the log indexes are dropped and built again after the copy)
 *   logSeed=1000000      records written through appendAll before the copy (a multiple of logUsers)
 *   logIds=ordered       record ids as LogEntries makes them (time-ordered, UUIDv7 layout), or "random" (version 4)
 *   h2LogMinutes=15      stop filling H2 after this much append time, and extrapolate
 *   pgLogMinutes=30      the same for PostgreSQL
 *   lookups=200          random users per lookup kind (after a warm-up of 100 queries)
 *   pg=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   or "off"; PROVISOR_TEST_PG_URL wins over a URL, not over "off"
 *   h2=on                or "off"
 *   h2Url=               an H2 URL to use instead of the embedded default (to try settings, e.g. ;CACHE_SIZE=65536)
 *   keep=false           keep the temp folder (snapshot and H2 files) and the PostgreSQL schema
 *   reimport=on          or "off": import the snapshot once, without the second (idempotent) import
 * </pre>
 */
public final class StoreBenchmark {

    private static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** One database under test. */
    private static final class Target {
        final String name;
        final StoreSettings settings;
        final Database database;
        final Map<String, String> figures = new LinkedHashMap<>();
        long logNanos;
        long logsWritten;
        final List<long[]> checkpoints = new ArrayList<>();
        boolean logsStopped;
        String failed;

        Target(String name, StoreSettings settings) {
            this.name = name;
            this.settings = settings;
            this.database = Database.open(settings);
        }
    }

    private final Map<String, String> options;
    private final List<Target> targets = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final Map<String, String> targetsOfRow = new LinkedHashMap<>();
    private final Map<String, String> common = new LinkedHashMap<>();

    private StoreBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("store.")) {
                options.put(key.toString().substring("store.".length()), value.toString());
            }
        });
        Bench.options(args, options);
        new StoreBenchmark(options).run();
        System.exit(0);
    }

    private int integer(String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)).replace("_", ""));
    }

    private long number(String key, long fallback) {
        return Long.parseLong(options.getOrDefault(key, Long.toString(fallback)).replace("_", ""));
    }

    private void run() throws Exception {
        int users = integer("users", 1_000_000);
        SnapshotGenerator.Shape shape = new SnapshotGenerator.Shape(users, integer("groups", 2000),
                integer("assignedGroupEvery", 10), integer("assignedUserPercent", 5));
        Path work = Files.createTempDirectory("storebench-");
        boolean keep = Boolean.parseBoolean(options.getOrDefault("keep", "false"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (StoreHeapMonitor heap = new StoreHeapMonitor()) {
            // 1. the snapshot, streamed to disk
            Path snapshot = work.resolve("snapshot.ndjson");
            progress("writing the snapshot to " + snapshot);
            long t0 = System.nanoTime();
            SnapshotGenerator.Written written = SnapshotGenerator.write(snapshot, shape);
            long generateNanos = System.nanoTime() - t0;
            common.put("snapshot", String.format(Locale.ROOT, "%,d users, %,d groups (largest %,d members), %,d memberships,"
                            + " %,d assignments; %,d MB NDJSON written in %s", written.users(), written.groups(), written.largestGroup(),
                    written.memberships(), written.assignments(), written.bytes() >> 20, Bench.seconds(generateNanos)));

            openTargets(work);
            // 2. import, then the same file again
            if (!"off".equals(options.getOrDefault("import", "on"))) {
                List<String> phases = "off".equals(options.get("reimport")) ? List.of("import") : List.of("import", "re-import");
                for (String phase : phases) {
                    for (Target target : targets) {
                        if (target.failed != null) {
                            continue;
                        }
                        try {
                            importSnapshot(target, snapshot, written, heap, phase);
                        } catch (OutOfMemoryError | RuntimeException e) {
                            // a figure too: say what happened and go on with the other database
                            target.failed = phase + " failed: " + e;
                            put(target, phase + ": wall time", "FAILED: " + e.getClass().getSimpleName(), "");
                            progress(target.name + ": " + target.failed);
                        }
                    }
                }
            }
            if (!keep) {
                Files.deleteIfExists(snapshot);
            }
            // 3. provisioning logs, then lookups by user
            targets.stream().filter(t -> t.failed != null).forEach(t -> t.logsStopped = true);
            StoreLogGenerator logs = number("logs", 10_000_000) > 0 ? fillLogs(users, heap) : null;
            for (Target target : logs == null ? List.<Target>of() : targets.stream().filter(t -> t.failed == null).toList()) {
                if (Boolean.parseBoolean(options.getOrDefault("explain", "false"))) {
                    explain(target, logs);
                }
                lookups(target, logs);
            }
            for (Target target : targets) {
                put(target, "database size (tables and indexes)", Bench.megabytes(size(target, work)), "");
            }
        } finally {
            for (Target target : targets) {
                target.database.close();
                if (!keep) {
                    TestDatabases.drop(target.settings);
                }
            }
            if (!keep) {
                deleteTree(work);
            } else {
                progress("kept " + work + (targets.stream().anyMatch(t -> t.settings.schema() != null)
                        ? " and schema " + targets.stream().map(t -> t.settings.schema()).filter(s -> s != null).toList() : ""));
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        common.put("load average", String.format(Locale.ROOT, "%.1f at start, %.1f at end (%d CPUs)", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        print();
    }

    private void openTargets(Path work) throws Exception {
        if (!"off".equals(options.getOrDefault("h2", "on"))) {
            StoreSettings h2 = options.containsKey("h2Url")
                    ? new StoreSettings(options.get("h2Url").replace("{dir}", work.resolve("h2").toString()), "sa", "", null)
                    : TestDatabases.h2(work.resolve("h2"));
            targets.add(new Target("H2", h2));
        }
        String pg = System.getenv(TestDatabases.PG_URL_VARIABLE);
        if (pg == null || pg.isBlank() || "off".equals(options.get("pg"))) { // an explicit pg=off beats the environment
            pg = options.getOrDefault("pg", DEFAULT_PG);
        }
        if (!"off".equals(pg)) {
            String schema = "storebench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            targets.add(new Target("PostgreSQL", new StoreSettings(pg, null, null, schema)));
        }
        for (Target target : targets) {
            String version = target.database.transaction(connection -> connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion());
            if (target.settings.schema() == null) {
                version += target.database.transaction(connection -> {
                    try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
                        return rs.next() ? ", CACHE_SIZE " + rs.getString(1) + " KB" : "";
                    }
                });
            }
            common.put(target.name, version + " — " + target.settings.toString().replaceAll(".*url=", "").replaceAll(", user=.*", "")
                    + (target.settings.schema() == null ? "" : ", schema " + target.settings.schema()));
        }
    }

    // ---- import

    private void importSnapshot(Target target, Path snapshot, SnapshotGenerator.Written written, StoreHeapMonitor heap,
                                String phase) throws IOException {
        Directory directory = new Directory(new DirectoryStore(target.database));
        long start = System.nanoTime();
        long every = Math.max(1, written.records() / 10);
        long[] next = {every};
        SnapshotImporter importer = new SnapshotImporter(directory, integer("importBatch", SnapshotImporter.DEFAULT_BATCH), records -> {
            if (records >= next[0]) {
                // a long import shows how far it got, so a run stopped early still gives a rate
                next[0] += every;
                progress(String.format(Locale.ROOT, "%s on %s: %,d of %,d records committed in %s", phase, target.name, records,
                        written.records(), Bench.seconds(System.nanoTime() - start)));
            }
        });
        progress(phase + " on " + target.name);
        heap.reset();
        CpuMeter cpu = new CpuMeter().start();
        ImportReport report;
        try (InputStream in = Files.newInputStream(snapshot)) {
            report = importer.importNdjson(in);
        }
        CpuMeter.Span span = cpu.stop();
        long nanos = span.wallNanos();
        StoreHeapMonitor.Heap used = heap.figures();
        if (!report.complete()) {
            throw new IllegalStateException(phase + " on " + target.name + " stopped: " + report.problems());
        }
        if (report.records() != written.records()) {
            throw new IllegalStateException(phase + " read " + report.records() + " records, the file has " + written.records());
        }
        progress(String.format(Locale.ROOT, "%s on %s: %s, %,d changes", phase, target.name, Bench.seconds(nanos), report.changes()));
        put(target, phase + ": wall time", Bench.seconds(nanos), phase.equals("import") ? "<= 60 s" : "");
        put(target, phase + ": JVM CPU time / other processes' share of the cores", String.format(Locale.ROOT, "%s / %.0f %%",
                Bench.seconds(span.processCpuNanos()), span.othersShare() * 100), "");
        put(target, phase + ": users/s", Bench.perSecond(report.users(), nanos), "");
        put(target, phase + ": records/s (users+groups+assignments)", Bench.perSecond(report.records(), nanos), "");
        put(target, phase + ": changes written", String.format(Locale.ROOT, "%,d", report.changes()), phase.equals("import") ? "" : "0");
        put(target, phase + ": peak heap used / max live after GC", Bench.megabytes(used.peakUsed()) + " / " + Bench.megabytes(used.maxAfterGc()),
                "<= " + Bench.megabytes(StoreHeapMonitor.maxHeap()) + " heap");
    }

    // ---- provisioning logs

    private StoreLogGenerator fillLogs(int users, StoreHeapMonitor heap) {
        long total = number("logs", 10_000_000);
        int logUsers = Math.min(users, integer("logUsers", 50_000));
        int batchSize = integer("logBatch", 1000);
        StoreLogGenerator logs = new StoreLogGenerator(users, logUsers, total, Duration.ofDays(30), Instant.parse("2026-11-01T00:00:00Z"),
                !"random".equals(options.getOrDefault("logIds", "ordered")));
        Map<String, Long> budget = Map.of("H2", number("h2LogMinutes", 15) * 60_000_000_000L,
                "PostgreSQL", number("pgLogMinutes", 30) * 60_000_000_000L);
        List<ProvisioningLogStore> stores = targets.stream().map(t -> new ProvisioningLogStore(t.database)).toList();
        boolean copy = "copy".equals(options.getOrDefault("logFill", "api"));
        long seed = copy ? number("logSeed", 1_000_000) : total;
        if (copy && (seed % logUsers != 0 || total % seed != 0)) {
            throw new IllegalArgumentException("logSeed must be a multiple of logUsers, and logs a multiple of logSeed");
        }
        progress(String.format(Locale.ROOT, "filling %,d log records over %,d users%s", total, logUsers,
                copy ? String.format(Locale.ROOT, " (%,d through appendAll, the rest copied in SQL)", seed) : ""));
        heap.reset();
        long generateNanos = 0;
        long nextProgress = System.nanoTime() + 60_000_000_000L;
        while (logs.written() < seed && targets.stream().anyMatch(t -> !t.logsStopped)) {
            long g0 = System.nanoTime();
            StoreLogGenerator.Batch batch = logs.next(batchSize);
            generateNanos += System.nanoTime() - g0;
            for (int k = 0; k < targets.size(); k++) {
                Target target = targets.get(k);
                if (target.logsStopped) {
                    continue;
                }
                long t0 = System.nanoTime();
                stores.get(k).appendAll(batch.entries());
                long nanos = System.nanoTime() - t0;
                target.logNanos += nanos;
                target.logsWritten += batch.entries().size();
                target.checkpoints.add(new long[] {target.logsWritten, target.logNanos});
                if (target.logNanos > budget.getOrDefault(target.name, Long.MAX_VALUE) && logs.hasNext()) {
                    target.logsStopped = true;
                    progress(String.format(Locale.ROOT, "%s: stopped filling after %,d records (time budget)", target.name, target.logsWritten));
                }
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + 60_000_000_000L;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "logs: %,d generated", logs.written()));
                targets.forEach(t -> line.append(String.format(Locale.ROOT, "; %s %,d in %s (%s/s)", t.name, t.logsWritten,
                        Bench.seconds(t.logNanos), Bench.perSecond(t.logsWritten, t.logNanos))));
                progress(line.toString());
            }
        }
        StoreHeapMonitor.Heap used = heap.figures();
        common.put("log records", String.format(Locale.ROOT, "%,d records over %,d users, 30 days, %,d per appendAll (which"
                + " serializes them); generating them took %s (not counted below)", logs.written(), logUsers, batchSize, Bench.seconds(generateNanos)));
        for (Target target : targets) {
            put(target, "logs: records written through appendAll", String.format(Locale.ROOT, "%,d", target.logsWritten),
                    String.format(Locale.ROOT, "%,d", copy ? seed : total));
            put(target, "logs: append time", Bench.seconds(target.logNanos), "");
            put(target, "logs: records/s", Bench.perSecond(target.logsWritten, target.logNanos), "");
            if (target.logsWritten < (copy ? seed : total)) {
                // the rate of the last 10% written, which includes the slow-down of a growing index
                long[] from = target.checkpoints.stream().filter(c -> c[0] >= target.logsWritten * 9 / 10).findFirst()
                        .orElse(new long[] {0, 0});
                double rate = (target.logsWritten - from[0]) / ((target.logNanos - from[1]) / 1e9);
                double remaining = (total - target.logsWritten) / rate;
                put(target, "logs: extrapolated time for all", String.format(Locale.ROOT,
                        "~%.0f min (rest at %,.0f/s, the rate of the last 10%%)", (target.logNanos / 1e9 + remaining) / 60, rate), "");
            }
            put(target, "logs: peak heap used / max live after GC", Bench.megabytes(used.peakUsed()) + " / " + Bench.megabytes(used.maxAfterGc()), "");
        }
        if (copy) {
            copyLogs(logs, seed, total);
        }
        return logs;
    }

    /** Grows each database's logs from the seed written through the API to the total, in SQL (see StoreLogCopy). */
    private void copyLogs(StoreLogGenerator logs, long seed, long total) {
        int seedCycles = (int) (seed / logs.logUsers());
        for (Target target : targets) {
            if (target.failed != null || target.logsWritten < seed) {
                continue;
            }
            progress(String.format(Locale.ROOT, "%s: copying the %,d seed records to %,d", target.name, seed, total));
            StoreLogCopy.Timing timing = StoreLogCopy.copy(target.database, target.settings.schema() != null,
                    logs.cycleStart(seedCycles), logs.cycleLength().multipliedBy(seedCycles), (int) (total / seed - 1),
                    copies -> progress(String.format(Locale.ROOT, "%s: %,d records", target.name, seed * (copies + 1))));
            long count = target.database.transaction(connection -> {
                try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT COUNT(*) FROM provisioning_log")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            put(target, "logs: records after the SQL copy", String.format(Locale.ROOT, "%,d", count), String.format(Locale.ROOT, "%,d", total));
            put(target, "logs: SQL copy / index build", Bench.seconds(timing.copy()) + " / " + Bench.seconds(timing.index()), "");
            target.logsWritten = count;
        }
    }

    private void lookups(Target target, StoreLogGenerator logs) {
        ProvisioningLogs search = new ProvisioningLogs(new ProvisioningLogStore(target.database));
        int reached = (int) Math.min(logs.logUsers(), Math.max(1, target.logsWritten));
        int count = integer("lookups", 200);
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("user principal name", i -> SnapshotGenerator.userPrincipalName(i).toUpperCase(Locale.ROOT));
        kinds.put("source id", SnapshotGenerator::userId);
        kinds.put("display name", SnapshotGenerator::displayName);
        kinds.put("target id", i -> "crm-" + Integer.toHexString(i));
        progress("lookups on " + target.name);
        SplittableRandom warm = new SplittableRandom(7);
        List<IntFunction<String>> all = new ArrayList<>(kinds.values());
        for (int k = 0; k < 100; k++) {
            int i = logs.snapshotUser(warm.nextInt(reached));
            search.search(query(all.get(k % all.size()).apply(i)));
        }
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            SplittableRandom random = new SplittableRandom(11);
            long[] nanos = new long[count];
            long found = 0;
            for (int k = 0; k < count; k++) {
                String q = kind.getValue().apply(logs.snapshotUser(random.nextInt(reached)));
                long t0 = System.nanoTime();
                found += search.search(query(q)).value().size();
                nanos[k] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            put(target, "lookup by " + kind.getKey() + ": p50 / p95 / p99 / max", millis(percentile(nanos, 50)) + " / "
                    + millis(percentile(nanos, 95)) + " / " + millis(percentile(nanos, 99)) + " / " + millis(nanos[count - 1]),
                    "<= 50 ms");
            put(target, "lookup by " + kind.getKey() + ": records per page (avg)", String.format(Locale.ROOT, "%.1f", found / (double) count), "50");
        }
    }

    /** The plan of a lookup by user principal name, with the query ProvisioningLogStore.search runs. */
    private void explain(Target target, StoreLogGenerator logs) {
        String upn = SnapshotGenerator.userPrincipalName(logs.snapshotUser(1));
        String plan = new ProvisioningLogStore(target.database).plan(query(upn.toUpperCase(Locale.ROOT)));
        progress("plan of a lookup on " + target.name + ":\n    " + plan.replace("\n", "\n    "));
    }

    private static LogQuery query(String q) {
        return new LogQuery(SnapshotGenerator.APP, q, null, null, null, null, null, 50, null);
    }

    // ---- figures

    private void put(Target target, String row, String value, String goal) {
        if (!rows.contains(row)) {
            rows.add(row);
        }
        if (!goal.isEmpty()) {
            targetsOfRow.put(row, goal);
        }
        target.figures.put(row, value);
    }

    private void print() {
        StringBuilder out = new StringBuilder("\nprovisor store benchmark\n");
        int keyWidth = common.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  %s%n", "machine", String.format(Locale.ROOT,
                "%s %s, %d CPUs, Java %s, max heap %s", System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Bench.megabytes(StoreHeapMonitor.maxHeap()))));
        common.forEach((key, value) -> out.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  %s%n", key, value)));
        List<Target> all = targets;
        int width = Stream.concat(rows.stream(), Stream.of("figure")).mapToInt(String::length).max().orElse(10);
        int column = Math.max(14, all.stream().flatMap(t -> t.figures.values().stream()).mapToInt(String::length).max().orElse(10));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%n| %-" + width + "s |", "figure"));
        StringBuilder rule = new StringBuilder("|" + "-".repeat(width + 2) + "|");
        for (Target target : all) {
            header.append(String.format(Locale.ROOT, " %-" + column + "s |", target.name));
            rule.append("-".repeat(column + 2)).append("|");
        }
        header.append(" target |\n");
        rule.append("--------|\n");
        out.append(header).append(rule);
        for (String row : rows) {
            out.append(String.format(Locale.ROOT, "| %-" + width + "s |", row));
            for (Target target : all) {
                out.append(String.format(Locale.ROOT, " %-" + column + "s |", target.figures.getOrDefault(row, "")));
            }
            out.append(' ').append(targetsOfRow.getOrDefault(row, "")).append(" |\n");
        }
        System.out.println(out);
        System.out.flush();
    }

    private long size(Target target, Path work) {
        if (target.settings.schema() == null) {
            try (Stream<Path> files = Files.walk(work.resolve("h2"))) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            } catch (IOException e) {
                return -1;
            }
        }
        try (var connection = DriverManager.getConnection(target.settings.url());
             PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)"
                     + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'")) {
            statement.setString(1, target.settings.schema());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static void progress(String message) {
        System.err.printf(Locale.ROOT, "[storebench %tT] %s%n", System.currentTimeMillis(), message);
    }

    private static void deleteTree(Path root) {
        try {
            Bench.deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
