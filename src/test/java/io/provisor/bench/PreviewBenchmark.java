package io.provisor.bench;

import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.engine.PolicyEngine;
import io.provisor.policytest.Warmup;
import io.provisor.preview.ImpactPreview;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.PreviewStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The impact-preview benchmark: a generated directory ({@link SnapshotGenerator}: users in 1-3 of 2,000
 * groups, every 10th group and 5 % of users assigned to {@code contoso-crm}) imported into a fresh
 * store (timed apart), then one {@link ImpactPreview#run} of a proposed rule set against the active
 * one, both about 30 rules. Prints wall time, users/s, transitions, changed users and peak heap. Not a
 * test: {@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.PreviewBenchmark
 * -Dbench.args="users=100000" -Dbench.heap=1g}.
 *
 * <pre>
 *   users=1000000   users in the directory
 *   groups=2000     groups (20 departments, the rest teams)
 *   db=h2           embedded H2 in a temp folder, or "pg" (PROVISOR_TEST_PG_URL, else local test database)
 *   importBatch=500 SnapshotImporter batch size
 *   runs=1          previews to run one after the other (the first warms the JIT)
 *   vacuum=true     on PostgreSQL, VACUUM (ANALYZE) the directory after the import, as autovacuum would
 *   keep=false      true: keep the PostgreSQL schema (its name is printed) for schema=NAME, which skips the import
 *   warm=true       false: leave out the start-up warm-up ({@link Warmup}), so run 1 also pays for the JIT
 * </pre>
 */
public final class PreviewBenchmark {

    static final String APP = SnapshotGenerator.APP;

    /** Added to the shipped app in the active set: a wider scope and one exclusion. */
    static final String ACTIVE_RULES = """
            // benchmark: extra rules of the active set
            package contoso_crm;

            import io.provisor.rules.facts.*;

            rule "scoping.sales-anywhere"
                @code("SalesAnywhere")
                @reason("`{user}` works in Sales")
            when
                User(department == "Sales")
            then
                insertLogical(new InScope("department", "Sales"));
            end

            rule "scoping.marketing-us"
                @code("MarketingUs")
                @reason("`{user}` works in Marketing in the US")
            when
                User(department == "Marketing", country == "US")
            then
                insertLogical(new InScope("department", "Marketing"));
            end

            rule "entitlement.guests-excluded"
                @code("GuestExcluded")
                @reason("`{user}` is a guest")
            when
                User(userType == "Guest")
            then
                insertLogical(new NotEntitled("userType", "Guest"));
            end
            """;

    /** The proposed set: Marketing dropped, Support and Product in, analysts and Tokyo excluded. */
    static final String PROPOSED_RULES = """
            // benchmark: extra rules of the proposed set
            package contoso_crm;

            import io.provisor.rules.facts.*;

            rule "scoping.sales-anywhere"
                @code("SalesAnywhere")
                @reason("`{user}` works in Sales")
            when
                User(department == "Sales")
            then
                insertLogical(new InScope("department", "Sales"));
            end

            rule "scoping.support-and-product"
                @code("SupportOrProduct")
                @reason("`{user}` works in Support or Product")
            when
                User(department == "Support" || department == "Product")
            then
                insertLogical(new InScope("department", "Support or Product"));
            end

            rule "entitlement.guests-excluded"
                @code("GuestExcluded")
                @reason("`{user}` is a guest")
            when
                User(userType == "Guest")
            then
                insertLogical(new NotEntitled("userType", "Guest"));
            end

            rule "entitlement.analysts-excluded"
                @code("AnalystExcluded")
                @reason("`{user}` is an analyst")
            when
                User(jobTitle == "Analyst")
            then
                insertLogical(new NotEntitled("jobTitle", "Analyst"));
            end

            rule "entitlement.tokyo-excluded"
                @code("TokyoExcluded")
                @reason("`{user}` works in Tokyo, served by another CRM")
            when
                User(city == "Tokyo")
            then
                insertLogical(new NotEntitled("city", "Tokyo"));
            end
            """;

    private final Map<String, String> options;

    private PreviewBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args, new LinkedHashMap<>());
        new PreviewBenchmark(options).run();
        System.exit(0);
    }

    private int integer(String key, int fallback) {
        return Bench.integer(options, key, fallback);
    }

    private void run() throws Exception {
        int users = integer("users", 1_000_000);
        SnapshotGenerator.Shape shape = new SnapshotGenerator.Shape(users, integer("groups", 2000), 10, 5);
        Path work = Files.createTempDirectory("previewbench-");
        StoreSettings settings = BenchStores.of(options, work.resolve("h2"), "previewbench");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, String> figures = new LinkedHashMap<>();
        try (StoreHeapMonitor heap = new StoreHeapMonitor(); Database database = Database.open(settings)) {
            Directory directory = new Directory(new DirectoryStore(database));
            long existing = new Candidates(database).countDirectoryUsers();
            if (existing > 0) {
                figures.put("directory", String.format(Locale.ROOT, "%,d users kept in schema %s (not imported)", existing,
                        settings.schema()));
            } else {
                importSnapshot(work, shape, directory, figures);
            }
            if (settings.schema() != null && !"false".equals(options.get("vacuum"))) {
                long v0 = System.nanoTime();
                vacuum(settings);
                figures.put("VACUUM (ANALYZE) (not counted)", Bench.seconds(System.nanoTime() - v0)
                        + " (this server runs with autovacuum off; vacuum=false leaves it out)");
            }

            Path rules = work.resolve("rules");
            copyTree(Path.of("rules"), rules);
            Files.writeString(rules.resolve(APP).resolve("bench.drl"), ACTIVE_RULES);
            RuleLibrary library = new RuleLibrary(rules).loadAll();
            ImpactPreview previews = new ImpactPreview(library, directory, new JobStore(database), new Candidates(database),
                    new PreviewStore(database), new PolicyEngine(), Clock.systemUTC());
            Map<String, String> proposed = previews.overlay(APP, Map.of(APP + "/bench.drl", PROPOSED_RULES));
            figures.put("rules", library.active(APP).orElseThrow().rules().size() + " active, "
                    + library.check(APP, proposedFiles(library, proposed)).rules().size() + " proposed");
            if (!"false".equals(options.get("warm"))) { // what serve does before it answers
                long w0 = System.nanoTime();
                int decided = Warmup.run(library, new PolicyEngine(), Warmup.DECISIONS);
                figures.put("start-up warm-up (not counted)", Bench.seconds(System.nanoTime() - w0) + ", " + decided
                        + " decisions of the policy tests, as serve does before it answers (warm=false leaves it out)");
            }
            int runs = integer("runs", 1);
            for (int run = 1; run <= runs; run++) {
                progress("preview run " + run);
                heap.reset();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long server0 = CpuMeter.processesCpuNanos("postgres");
                long machine0 = CpuMeter.machineBusyNanos();
                long start = System.nanoTime();
                PreviewStore.Preview preview = previews.run(APP, proposed);
                long nanos = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpu0;
                long server = CpuMeter.processesCpuNanos("postgres") - server0;
                long machine = CpuMeter.machineBusyNanos() - machine0;
                StoreHeapMonitor.Heap used = heap.figures();
                String suffix = runs == 1 ? "" : " (run " + run + ")";
                figures.put("preview wall time" + suffix, Bench.seconds(nanos) + " (target <= 15 s at 1M)");
                long population = preview.evaluated() + preview.notAssigned();
                figures.put("directory users/s, decided users/s" + suffix, Bench.perSecond(population, nanos) + ", "
                        + Bench.perSecond(preview.evaluated(), nanos));
                // the steadier figure on a shared machine: what the preview cost, and the wall time it implies on 2 idle cores
                figures.put("process CPU" + suffix, String.format(Locale.ROOT, "%s, %,.0f µs per decided user (both rule sets),"
                        + " %s at 1M directory users on 2 idle cores", Bench.seconds(cpu), cpu / 1e3 / Math.max(1, preview.evaluated()),
                        Bench.seconds((long) (cpu / (double) Math.max(1, population) * 1_000_000 / 2))));
                if (settings.schema() != null) {
                    figures.put("PostgreSQL server CPU" + suffix, Bench.seconds(server) + " (every postgres process of the machine)");
                }
                figures.put("machine busy, others' share" + suffix, String.format(Locale.ROOT, "%s of %s core-seconds, %.0f %% taken by"
                        + " other processes%s", Bench.seconds(machine), Bench.seconds(nanos * Runtime.getRuntime().availableProcessors()),
                        Math.max(0, 100.0 * (machine - cpu - Math.max(0, server)) / (nanos * Runtime.getRuntime().availableProcessors())),
                        settings.schema() != null ? " than this JVM and PostgreSQL" : " than this JVM"));
                figures.put("decided / not assigned / changed / new disables+deletes" + suffix, String.format(Locale.ROOT,
                        "%,d / %,d / %,d / %,d", preview.evaluated(), preview.notAssigned(), preview.changed(), preview.disablesDeletes()));
                figures.put("transitions" + suffix, preview.transitions());
                figures.put("peak heap used / max live after GC" + suffix, Bench.megabytes(used.peakUsed()) + " / "
                        + Bench.megabytes(used.maxAfterGc()) + " (target <= 1 GB)");
            }
        } finally {
            if (Boolean.parseBoolean(options.getOrDefault("keep", "false")) && settings.schema() != null) {
                progress("kept schema " + settings.schema() + ": run again with schema=" + settings.schema());
            } else {
                TestDatabases.drop(settings);
            }
            Bench.deleteTree(work);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        figures.put("load average", String.format(Locale.ROOT, "%.1f at start, %.1f at end (%d CPUs)", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        figures.put("machine", String.format(Locale.ROOT, "%s %s, Java %s, max heap %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), Bench.megabytes(StoreHeapMonitor.maxHeap())));
        StringBuilder out = new StringBuilder("\nprovisor impact-preview benchmark\n");
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
        figures.forEach((key, value) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", key, value)));
        System.out.println(out);
        System.out.flush();
    }

    private static java.util.List<io.provisor.rules.RuleFile> proposedFiles(RuleLibrary library, Map<String, String> appFiles) {
        java.util.List<io.provisor.rules.RuleFile> files = new java.util.ArrayList<>(library.commonFiles());
        appFiles.forEach((path, text) -> files.add(io.provisor.rules.RuleFile.of(path, text)));
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /**
     * What PostgreSQL's autovacuum does within a minute of a bulk load (it is off on this project's
     * machines): sets hint bits and the visibility map, so index-only scans need no heap fetches.
     */
    private static void vacuum(StoreSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + settings.schema());
            statement.execute("VACUUM (ANALYZE) directory_user, directory_group, group_member, app_role_assignment, app_link");
        }
    }

    private void importSnapshot(Path work, SnapshotGenerator.Shape shape, Directory directory, Map<String, String> figures)
            throws IOException {
        Path snapshot = work.resolve("snapshot.ndjson");
        progress("writing " + shape.users() + " users to " + snapshot);
        SnapshotGenerator.Written written = SnapshotGenerator.write(snapshot, shape);
        progress("importing");
        long t0 = System.nanoTime();
        ImportReport report;
        try (InputStream in = Files.newInputStream(snapshot)) {
            report = new SnapshotImporter(directory, integer("importBatch", SnapshotImporter.DEFAULT_BATCH)).importNdjson(in);
        }
        figures.put("directory", String.format(Locale.ROOT, "%,d users, %,d groups, %,d memberships, %,d assignments",
                written.users(), written.groups(), written.memberships(), written.assignments()));
        figures.put("import (not counted)", Bench.seconds(System.nanoTime() - t0) + ", " + report.changes() + " changes");
        Files.delete(snapshot);
    }

    private static void progress(String message) {
        System.err.printf(Locale.ROOT, "[previewbench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
