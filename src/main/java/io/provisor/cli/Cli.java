package io.provisor.cli;

import io.provisor.api.ApiServer;
import io.provisor.api.ApiToken;
import io.provisor.api.Services;
import io.provisor.cycle.Scheduler;
import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.engine.DecisionFailed;
import io.provisor.logs.LogRetention;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.store.AuditStore;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.ProvisioningLogStore;
import io.provisor.store.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.engine.PolicyEngine;
import io.provisor.policytest.Warmup;
import io.provisor.model.Decision;
import io.provisor.model.Diagnostic;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleLinter;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleWatcher;
import io.provisor.rules.facts.User;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * provisor's command line. Exit codes: 0 done, 1 the rules or checks failed, 2 the command could not
 * run (bad usage or bad input, explained in one line on stderr).
 */
public final class Cli {

    private static final Duration SCHEDULER_TICK = Duration.ofMillis(250);

    static final String USAGE = """
            usage: provisor <command> [options]
              serve    [--rules DIR] [--data DIR] [--db-url URL] [--host H] [--port N]   serve the HTTP API
              preview  --rules DIR --proposed DIR2 [--app NAME] [--data DIR] [--db-url URL]  what DIR2's rules would change
              cycle    [--rules DIR] [--data DIR] [--db-url URL] [--app NAME]   run the next provisioning cycle now
              import   [--data DIR] [--db-url URL] [--progress true] FILE  import a directory snapshot (JSON, or NDJSON as .ndjson)
              evaluate --rules DIR --app NAME FILE.json                    print the decision for a request
              validate --rules DIR [--app NAME] [--tenant FILE]            check rule files, exit 1 on errors; lint
                                                                           against the users of a snapshot file
              test     --rules DIR [--app NAME]                            run the apps' policy tests, exit 1 on a failure
              compact  [--data DIR] [--db-url URL]                         shrink the embedded H2 file; provisor must be stopped""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs a command; returns the exit code (serve returns only when the server stops). */
    public int run(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("help")) {
            out.println(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (argv.get(0)) {
                case "serve" -> serve(Args.parse(rest, Set.of("rules", "data", "db-url", "host", "port")));
                case "preview" -> preview(Args.parse(rest, Set.of("rules", "proposed", "data", "db-url", "app")));
                case "cycle" -> cycle(Args.parse(rest, Set.of("rules", "data", "db-url", "app")));
                case "import" -> importSnapshot(Args.parse(rest, Set.of("data", "db-url", "progress")));
                case "evaluate" -> evaluate(Args.parse(rest, Set.of("rules", "app")));
                case "validate" -> validate(Args.parse(rest, Set.of("rules", "app", "tenant")));
                case "test" -> new TestCommand(out).run(Args.parse(rest, Set.of("rules", "app")));
                case "compact" -> new CompactCommand(err, env).run(Args.parse(rest, Set.of("data", "db-url")));
                default -> throw new UsageException("unknown command `" + argv.get(0) + "`; run `provisor help`");
            };
        } catch (UsageException | BadInput | DecisionFailed e) {
            err.println("provisor: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("provisor: " + describe(e));
            return 2;
        } catch (StoreException e) {
            err.println("provisor: " + e.getMessage());
            return 2;
        }
    }

    private int serve(Args args) throws IOException {
        Settings settings = Settings.from(args, env);
        requireFolder(settings.rulesDir());
        Wiring wiring = Wiring.open(settings, env);
        long warm = System.nanoTime();
        int decided = Warmup.run(wiring.library(), new PolicyEngine(), Warmup.DECISIONS);
        err.printf(Locale.ROOT, "provisor: warmed the engine with %,d decisions of the policy tests in %.1f s%n", decided,
                (System.nanoTime() - warm) / 1e9);
        ApiToken token = ApiToken.load(settings.apiToken(), settings.dataDir(), generated -> err.println(
                "provisor: generated an API token (shown once, kept in " + settings.dataDir().resolve("api-token") + "): " + generated));
        Services services = new Services(wiring.library(), new PolicyEngine(), wiring.directory(), wiring.logs(), wiring.audit(),
                wiring.provisioning(), wiring.governance());
        LogRetention retention = LogRetention.of(wiring.logStore(), wiring.governance().revisionStore(),
                wiring.governance().previewStore(), wiring.directory().store(), wiring.library()::apps, settings.logRetentionDays(),
                Clock.systemUTC()).schedule(Duration.ofHours(1));
        ApiServer server = new ApiServer(services, token).start(settings.host(), settings.port());
        String sandboxPort = env.get("PROVISOR_SANDBOX_PORT");
        SandboxLauncher.startIfConfigured(wiring.provisioning(), settings.dataDir(),
                sandboxPort == null || sandboxPort.isBlank() ? null : Integer.valueOf(sandboxPort.trim()), err);
        RuleWatcher watcher = new RuleWatcher(wiring.library(), app -> { }).start();
        Scheduler scheduler = new Scheduler(wiring.provisioning(), SCHEDULER_TICK).start();
        err.println("provisor: serving " + wiring.library().apps() + " on http://" + settings.host() + ":" + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            scheduler.close();
            io.provisor.sandbox.SharedSandbox.stop();
            retention.close();
            try {
                watcher.close();
            } catch (IOException ignored) {
                // the process is ending
            }
            wiring.close();
        }));
        return 0;
    }

    /**
     * Decides every directory user under the active rules and under the proposed folder's (same layout:
     * {@code DIR2/<app>/*.drl}, {@code DIR2/<app>/app.json}) and prints what changes; the preview is stored.
     */
    private int preview(Args args) throws IOException {
        Settings settings = Settings.from(args, env);
        requireFolder(settings.rulesDir());
        Path proposedDir = Path.of(args.required("proposed"));
        requireFolder(proposedDir);
        try (Wiring wiring = Wiring.open(settings, env)) {
            String only = args.option("app", null);
            List<String> apps = only != null ? List.of(only) : List.copyOf(wiring.library().apps());
            for (String app : apps) {
                if (!wiring.library().knows(app) || !Files.isRegularFile(proposedDir.resolve(app).resolve("app.json"))) {
                    throw new UsageException("no app `" + app + "` in both " + settings.rulesDir() + " and " + proposedDir);
                }
                Map<String, String> files = new java.util.TreeMap<>();
                try (var paths = Files.list(proposedDir.resolve(app))) {
                    for (Path file : paths.filter(Files::isRegularFile).toList()) {
                        String name = file.getFileName().toString();
                        if (name.endsWith(".drl") || name.equals("app.json")) {
                            files.put(app + "/" + name, Files.readString(file));
                        }
                    }
                }
                io.provisor.store.PreviewStore.Preview preview;
                try {
                    preview = wiring.governance().previews().run(app, files);
                } catch (io.provisor.rules.RuleSetRejected rejected) {
                    printDiagnostics(rejected.diagnostics());
                    throw new UsageException("the proposed rules of `" + app + "` do not compile");
                }
                out.println(app + ": preview " + preview.id() + ", revision " + preview.activeRevision() + " → " + preview.proposedRevision()
                        + ": " + preview.evaluated() + " users decided (" + preview.notAssigned() + " neither assigned nor linked left out), "
                        + preview.changed() + " change, "
                        + preview.disablesDeletes() + " newly disabled or deleted");
                Json.mapper().readTree(preview.transitions()).fields().forEachRemaining(t -> out.println("  " + t.getKey() + ": "
                        + t.getValue().asLong()));
                String after = null;
                List<io.provisor.store.PreviewStore.Change> page;
                while (!(page = wiring.governance().previewStore().changes(preview.id(), after, 1000)).isEmpty()) {
                    for (var c : page) {
                        out.println("  " + c.userId() + " " + c.displayName() + ": " + c.oldAction() + " (" + c.oldCode() + ") → "
                                + c.newAction() + " (" + c.newCode() + ")" + (c.ruleId() == null ? "" : " by " + c.ruleId()));
                    }
                    after = page.get(page.size() - 1).userId();
                }
            }
            return 0;
        }
    }

    /** Runs the next cycle of one app (or of each app) with a progress bar on stderr; prints each summary. */
    private int cycle(Args args) throws IOException {
        Settings settings = Settings.from(args, env);
        requireFolder(settings.rulesDir());
        try (Wiring wiring = Wiring.open(settings, env)) {
            String only = args.option("app", null);
            if (only != null && !wiring.library().knows(only)) {
                throw new UsageException("no app `" + only + "` in " + settings.rulesDir());
            }
            List<String> apps = only != null ? List.of(only) : List.copyOf(wiring.library().apps());
            boolean allCompleted = true;
            for (String app : apps) {
                ProgressBar bar = new ProgressBar(err, app);
                var summary = wiring.provisioning().runCycle(app, bar::follow);
                bar.close();
                if (summary.isEmpty()) {
                    throw new UsageException("a cycle of `" + app + "` is already running");
                }
                out.println(Json.mapper().writeValueAsString(Map.of("app", app, "summary", summary.get())));
                allCompleted &= summary.get().completed() && summary.get().quarantine() == null;
            }
            return allCompleted ? 0 : 1;
        }
    }

    private int importSnapshot(Args args) throws IOException {
        if (args.positional().size() != 1) {
            throw new UsageException("import takes one snapshot file");
        }
        Path file = Path.of(args.positional().get(0));
        Settings settings = Settings.from(args, env);
        ImportReport report;
        try (Database database = Database.open(settings.store()); InputStream in = Files.newInputStream(file)) {
            boolean progress = Boolean.parseBoolean(args.option("progress", "false"));
            SnapshotImporter importer = new SnapshotImporter(new Directory(new DirectoryStore(database)), SnapshotImporter.DEFAULT_BATCH,
                    records -> {
                        if (progress) {
                            err.println("provisor: committed " + records + " records");
                        }
                    });
            String name = file.getFileName().toString();
            report = name.endsWith(".ndjson") || name.endsWith(".jsonl") ? importer.importNdjson(in) : importer.importJson(in);
        }
        out.println(Json.mapper().writeValueAsString(report));
        if (!report.complete()) {
            ImportReport.Problem first = report.problems().get(0);
            err.println("provisor: " + file + ": record " + first.record() + " (line " + first.line() + ") "
                    + first.pointer() + ": " + first.message());
            return 1;
        }
        return 0;
    }

    private int evaluate(Args args) throws IOException {
        Path rulesDir = Path.of(args.required("rules"));
        String app = args.required("app");
        if (args.positional().size() != 1) {
            throw new UsageException("evaluate takes one request file");
        }
        requireFolder(rulesDir);
        RuleLibrary library = new RuleLibrary(rulesDir);
        if (!library.knows(app)) {
            throw new UsageException("no app `" + app + "` in " + rulesDir);
        }
        RuleSet rules = library.reload(app);
        if (rules == null) {
            printDiagnostics(out, library.diagnostics(app));
            throw new UsageException("the rules of `" + app + "` do not compile");
        }
        var body = Json.mapper().readTree(Files.readString(Path.of(args.positional().get(0))));
        var request = body != null && body.has("request") ? body.get("request") : body;
        Decision decision = new PolicyEngine().evaluate(rules, FactReader.evaluationInput(request));
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(decision));
        return 0;
    }

    private int validate(Args args) throws IOException {
        Path rulesDir = Path.of(args.required("rules"));
        requireFolder(rulesDir);
        String tenant = args.option("tenant", null);
        RuleLinter linter = tenant == null ? new RuleLinter() : new RuleLinter(RuleLinter.valuesOf(snapshotUsers(Path.of(tenant))));
        RuleLibrary library = new RuleLibrary(rulesDir);
        String only = args.option("app", null);
        if (only != null && !library.knows(only)) {
            throw new UsageException("no app `" + only + "` in " + rulesDir);
        }
        if (only != null) {
            library.reload(only);
        } else {
            library.loadAll();
        }
        boolean failed = false;
        for (String app : library.apps()) {
            List<Diagnostic> diagnostics = library.diagnostics(app);
            printDiagnostics(out, diagnostics);
            boolean ok = library.lastFailure(app).isEmpty();
            failed |= !ok;
            if (ok) {
                printDiagnostics(linter.lint(library.active(app).orElseThrow(), library.readTests(app)));
            }
            out.println(app + ": " + (ok ? "valid, revision " + library.active(app).orElseThrow().revision()
                    + ", " + library.active(app).orElseThrow().rules().size() + " rules" : "invalid"));
        }
        if (library.apps().isEmpty()) {
            throw new UsageException("no app (a folder with app.json) in " + rulesDir);
        }
        return failed ? 1 : 0;
    }

    /** The users of a directory snapshot ({@code {"users": [...]}}, as {@code import} reads it). */
    private static List<User> snapshotUsers(Path file) throws IOException {
        JsonNode users = Json.mapper().readTree(Files.readString(file)).path("users");
        if (!users.isArray()) {
            throw new BadInput("/users", "a tenant file is a directory snapshot with a `users` list");
        }
        FactReader reader = new FactReader();
        List<User> read = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            read.add(reader.user(users.get(i), "/users/" + i));
        }
        reader.throwIfAny();
        return read;
    }

    private void printDiagnostics(List<Diagnostic> diagnostics) {
        printDiagnostics(out, diagnostics);
    }

    static void printDiagnostics(PrintStream out, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            String where = d.pointer() == null ? d.file() + ":" + d.line() + ":" + d.column()
                    : d.file() + (d.line() > 0 ? ":" + d.line() + ":" + d.column() : "") + "#" + d.pointer();
            out.println(where + ": " + d.severity() + ": " + d.message() + " [" + d.code() + "]");
        }
    }

    private static void requireFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("rules folder `" + dir + "` does not exist");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file `" + missing.getFile() + "`";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            var at = json.getLocation();
            return "the file is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": " + json.getOriginalMessage();
        }
        return e.getMessage();
    }
}
