package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active rule set of every app under a rules folder ({@code common/*.drl}, {@code <app>/app.json},
 * {@code <app>/*.drl}). A set that fails to compile never replaces the active one; the failure is
 * kept so the API can say what went wrong.
 */
public final class RuleLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(RuleLibrary.class);
    public static final String COMMON = "common";

    private final Path root;
    private final RuleSetCompiler compiler = new RuleSetCompiler();
    private final Map<String, RuleSet> active = new ConcurrentHashMap<>();
    private final Map<String, RuleSetRejected> failures = new ConcurrentHashMap<>();
    private volatile ActivationListener listener = activation -> { };

    /** A new revision of an app's rules became active. {@code actor} names who caused it, never a secret. */
    public record Activation(String app, String revision, String previousRevision, int rules, String actor) {
    }

    @FunctionalInterface
    public interface ActivationListener {
        void activated(Activation activation);
    }

    /** Told of every activation, for the audit trail. */
    public void onActivation(ActivationListener listener) {
        this.listener = listener;
    }

    public RuleLibrary(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Loads every app; an app whose set is rejected has no active set until it compiles. */
    public RuleLibrary loadAll() {
        for (String app : appsOnDisk()) {
            reload(app);
        }
        return this;
    }

    /** Apps with an active set or a failed one. */
    public Set<String> apps() {
        Set<String> apps = new TreeSet<>(active.keySet());
        apps.addAll(failures.keySet());
        return apps;
    }

    /** True for an app that is loaded or has an app.json on disk. */
    public boolean knows(String app) {
        return apps().contains(app) || appsOnDisk().contains(app);
    }

    public Optional<RuleSet> active(String app) {
        return Optional.ofNullable(active.get(app));
    }

    /** Why the last load of this app failed, if it did. */
    public Optional<RuleSetRejected> lastFailure(String app) {
        return Optional.ofNullable(failures.get(app));
    }

    /** Recompiles an app from disk; on success the new set becomes active. */
    public RuleSet reload(String app) {
        return reload(app, "rules-folder");
    }

    /** As {@link #reload(String)}, naming who asked for it. */
    public synchronized RuleSet reload(String app, String actor) {
        try {
            RuleSet rules = compiler.compile(app, readFiles(app));
            RuleSet previous = active.put(app, rules);
            failures.remove(app);
            if (previous == null || !previous.revision().equals(rules.revision())) {
                LOG.info("rules of {} active at revision {} ({} rules)", app, rules.revision(), rules.rules().size());
                listener.activated(new Activation(app, rules.revision(), previous == null ? null : previous.revision(),
                        rules.rules().size(), actor));
            }
            return rules;
        } catch (RuleSetRejected rejected) {
            failures.put(app, rejected);
            LOG.warn("rules of {} rejected, keeping revision {}: {}", app,
                    active.containsKey(app) ? active.get(app).revision() : "none", rejected.getMessage());
            return null;
        }
    }

    /** Reloads every app on disk, and forgets apps whose folder is gone. */
    public synchronized void reloadAll() {
        Set<String> onDisk = appsOnDisk();
        active.keySet().retainAll(onDisk);
        failures.keySet().retainAll(onDisk);
        onDisk.forEach(this::reload);
    }

    /** Compiles proposed files for an app without activating them. */
    public RuleSet check(String app, List<RuleFile> files) throws RuleSetRejected {
        return compiler.compile(app, files);
    }

    /** The common DRL files plus the app's app.json and DRL files, as on disk now. */
    public List<RuleFile> readFiles(String app) {
        List<RuleFile> files = new ArrayList<>(readFolder(COMMON));
        files.addAll(readFolder(app));
        return files;
    }

    /** The app's test cases ({@code <app>/tests/*.json}), or empty when the app has no tests folder. */
    public Optional<List<RuleFile>> readTests(String app) {
        Path dir = root.resolve(app).resolve("tests");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return Optional.of(paths.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted().map(p -> RuleFile.of(app + "/tests/" + p.getFileName(), read(p))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The common DRL files alone. */
    public List<RuleFile> commonFiles() {
        return readFolder(COMMON);
    }

    private List<RuleFile> readFolder(String folder) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".drl") || (!folder.equals(COMMON) && p.getFileName().toString().equals("app.json")))
                    .sorted()
                    .map(p -> RuleFile.of(folder + "/" + p.getFileName(), read(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Apps with an app.json on disk now, loaded or not. */
    public Set<String> appsOnDisk() {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            Set<String> apps = new TreeSet<>();
            dirs.filter(d -> Files.isRegularFile(d.resolve("app.json"))).forEach(d -> apps.add(d.getFileName().toString()));
            apps.remove(COMMON);
            return apps;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Problems of the last load of an app: errors if it failed, else the active set's warnings. */
    public List<Diagnostic> diagnostics(String app) {
        RuleSetRejected failure = failures.get(app);
        if (failure != null) {
            return failure.diagnostics();
        }
        RuleSet rules = active.get(app);
        return rules == null ? List.of() : rules.warnings();
    }
}
