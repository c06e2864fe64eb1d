package io.provisor.bench;

import io.provisor.directory.BatchFacts;
import io.provisor.directory.Directory;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.Outcome;
import io.provisor.engine.PolicyEngine;
import io.provisor.preview.ImpactPreview;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.PreviewStore;
import io.provisor.store.StoreSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The preview's deciding alone: the first {@code n} users a preview would decide, read once from a
 * directory kept by {@link PreviewBenchmark} ({@code keep=true}), then decided under its active and
 * proposed rule sets with {@link PolicyEngine#outcomes} on one thread, {@code passes} times. Prints
 * this thread's CPU per outcome (pass 0 pays for the JIT), steadier on a shared machine than a
 * preview's wall time. {@code dump=FILE} writes the outcomes' counts of pass 0, to compare two versions.
 * {@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.OutcomeBenchmark
 * -Dbench.args="db=pg schema=NAME n=50000 passes=6" -Dbench.heap=1g}
 */
public final class OutcomeBenchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args, new LinkedHashMap<>());
        int n = Integer.parseInt(options.getOrDefault("n", "50000"));
        int passes = Integer.parseInt(options.getOrDefault("passes", "5"));
        Path work = Files.createTempDirectory("outcomebench-");
        StoreSettings settings = BenchStores.of(options, work.resolve("h2"), "x");
        try (Database database = Database.open(settings)) {
            Directory directory = new Directory(new DirectoryStore(database));
            Path rules = work.resolve("rules");
            copy(Path.of("rules"), rules);
            Files.writeString(rules.resolve("contoso-crm").resolve("bench.drl"), PreviewBenchmark.ACTIVE_RULES);
            RuleLibrary library = new RuleLibrary(rules).loadAll();
            ImpactPreview previews = new ImpactPreview(library, directory, new JobStore(database), new Candidates(database),
                    new PreviewStore(database), new PolicyEngine(), Clock.systemUTC());
            Map<String, String> proposedFiles = previews.overlay("contoso-crm", Map.of("contoso-crm/bench.drl", PreviewBenchmark.PROPOSED_RULES));
            List<RuleFile> files = new ArrayList<>(library.commonFiles());
            proposedFiles.forEach((p, t) -> files.add(RuleFile.of(p, t)));
            RuleSet active = library.active("contoso-crm").orElseThrow();
            RuleSet proposed = library.check("contoso-crm", files);
            List<String> ids = new ArrayList<>();
            new Candidates(database).users("contoso-crm", false, null, id -> { if (ids.size() < n) ids.add(id); });
            BatchFacts reader = directory.factsReader("contoso-crm");
            List<EvaluationInput> inputs = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += 500) {
                inputs.addAll(reader.read(ids.subList(from, Math.min(ids.size(), from + 500)), Map.of()).values());
            }
            PolicyEngine engine = new PolicyEngine();
            var bean = ManagementFactory.getThreadMXBean();
            long hash = 0;
            for (int pass = 0; pass < passes; pass++) {
                long c0 = bean.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                List<Outcome> a = engine.outcomes(active, inputs);
                List<Outcome> b = engine.outcomes(proposed, inputs);
                long cpu = bean.getCurrentThreadCpuTime() - c0;
                long wall = System.nanoTime() - w0;
                hash = Objects.hash(a, b);
                if (pass == 0 && options.containsKey("dump")) {
                    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
                    for (int i = 0; i < a.size(); i++) {
                        counts.merge("A " + a.get(i), 1, Integer::sum);
                        counts.merge("B " + b.get(i), 1, Integer::sum);
                    }
                    StringBuilder out = new StringBuilder();
                    counts.forEach((k, v) -> out.append(v).append(' ').append(k).append('\n'));
                    Files.writeString(Path.of(options.get("dump")), out);
                }
                System.out.printf("pass %d: %.2f µs CPU per outcome, wall %.2f s, hash %d%n", pass, cpu / 1e3 / (2.0 * inputs.size()), wall / 1e9, hash);
            }
        } finally {
            Bench.deleteTree(work);
        }
        System.exit(0);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) Files.createDirectories(target); else Files.copy(path, target);
            }
        }
    }
}
