package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.connector.Connector;
import io.provisor.connector.ConnectorException;
import io.provisor.directory.Directory;
import io.provisor.directory.NotFound;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.LogEntry;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.store.AuditStore;
import io.provisor.store.Candidates;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning jobs: run cycles (one at a time per app), control jobs (start, pause, restart, allow
 * deletes), provision one object on demand, test and save connectors, and report status. Used by the
 * HTTP API, the command line and the scheduler.
 */
public final class Provisioning implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);
    /** A cycle's outcome writer runs on a thread named this and the app's name, so a thread dump shows whose it is. */
    public static final String OUTCOME_WRITER_THREAD = "outcomes-";

    private final RuleLibrary library;
    private final Directory directory;
    private final JobStore jobs;
    private final Candidates candidates;
    private final PolicyEngine engine;
    private final ConnectorFactory connectors;
    private final AuditStore audit;
    private final Clock clock;
    private final Secrets secrets;
    private final ObjectLocks locks = new ObjectLocks();
    private final Map<String, ReentrantLock> cycleLocks = new ConcurrentHashMap<>();
    private final Map<String, CycleProgress> running = new ConcurrentHashMap<>();
    private final Map<String, OpenTarget> targets = new ConcurrentHashMap<>();

    /** An app's open connector, kept while its settings stay the same; the gate outlives cycles so throttling carries over. */
    private record OpenTarget(String settingsKey, GatedConnector connector) {
    }

    public Provisioning(RuleLibrary library, Directory directory, JobStore jobs, Candidates candidates, PolicyEngine engine,
                        ConnectorFactory connectors, AuditStore audit, Clock clock, Function<String, String> environment) {
        this.library = library;
        this.directory = directory;
        this.jobs = jobs;
        this.candidates = candidates;
        this.engine = engine;
        this.connectors = connectors;
        this.audit = audit;
        this.clock = clock;
        this.secrets = new Secrets(jobs, environment, clock);
    }

    public RuleLibrary library() {
        return library;
    }

    public JobStore jobs() {
        return jobs;
    }

    Candidates candidates() {
        return candidates;
    }

    Clock clock() {
        return clock;
    }

    // ---- cycles

    /**
     * Runs the app's next cycle now and waits for it: the interrupted initial cycle if there is one, an
     * initial cycle when none completed or the rules changed since, else an incremental one.
     * Returns empty when a cycle of this app is already running.
     */
    public Optional<CycleSummary> runCycle(String app, Consumer<CycleProgress> onStart) {
        ReentrantLock lock = cycleLocks.computeIfAbsent(app, key -> new ReentrantLock());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            JobContext context = context(app);
            Job job = jobs.job(app).orElse(Job.notRun(app));
            CycleProgress progress;
            if (job.cycleId() != null && CycleKind.INITIAL.name().equals(job.cycleKind())) {
                progress = new CycleProgress(job.cycleId(), CycleKind.INITIAL, clock);
            } else if (job.watermark() == null || !context.rules().revision().equals(job.revision())) {
                progress = new CycleProgress(newCycleId(), CycleKind.INITIAL, clock);
            } else if (context.directory().store().changesPurgedAfter(job.watermark())) {
                LOG.warn("app {}: the log retention purged directory changes after its watermark {} while the job was disabled"
                        + " or its app not configured; an initial cycle evaluates every user and group again", app, job.watermark());
                progress = new CycleProgress(newCycleId(), CycleKind.INITIAL, clock);
            } else {
                progress = new CycleProgress(newCycleId(), CycleKind.INCREMENTAL, clock);
            }
            return Optional.of(run(context, progress, onStart));
        } finally {
            lock.unlock();
        }
    }

    private CycleSummary run(JobContext context, CycleProgress progress, Consumer<CycleProgress> onStart) {
        running.put(context.app(), progress);
        try {
            if (onStart != null) {
                onStart.accept(progress);
            }
            long linger = context.settings().commitLinger().toNanos();
            try (OutcomeWriter outcomes = OutcomeWriter.batched(jobs, OUTCOME_WRITER_THREAD + context.app(), linger)) {
                return new CycleRunner(context, candidates, outcomes).run(progress);
            }
        } finally {
            running.remove(context.app());
        }
    }

    /** The job's state, live counts of a running cycle, the last cycle, quarantine and held deletions. */
    public Map<String, Object> status(String app) {
        requireApp(app);
        return JobStatus.of(app, jobs.job(app).orElse(Job.notRun(app)), settings(app), running.get(app), jobs);
    }

    public Optional<CycleProgress> running(String app) {
        return Optional.ofNullable(running.get(app));
    }

    // ---- job control

    public void start(String app, String actor) {
        requireApp(app);
        Job job = jobs.job(app).orElse(Job.notRun(app));
        if (!JobState.Quarantine.name().equals(job.state())) {
            jobs.saveJob(job.withState(JobState.Active.name()));
        }
        audit.record(actor, app, "Enable/start provisioning configuration", null, null);
    }

    /** No cycle starts after this one; a running cycle finishes (as in Entra). */
    public void pause(String app, String actor) {
        requireApp(app);
        Job job = jobs.job(app).orElse(Job.notRun(app));
        jobs.saveJob(job.withState(JobState.Paused.name()));
        audit.record(actor, app, "Disable/pause provisioning configuration", null, null);
    }

    /** Clears what the scope names and starts again with an initial cycle (links are kept unless Full). */
    public void restart(String app, Set<ResetScope> scope, String actor) {
        requireApp(app);
        Job job = jobs.job(app).orElse(Job.notRun(app));
        if (scope.contains(ResetScope.ForceDeletes)) {
            allowDeletes(app, actor);
            job = jobs.job(app).orElse(job);
        }
        if (scope.contains(ResetScope.Escrows)) {
            jobs.clearEscrows(app);
        }
        if (scope.contains(ResetScope.Full)) {
            jobs.unlinkAll(app);
        }
        if (scope.contains(ResetScope.Watermark)) {
            job = job.withWatermark(null, job.revision()).withCycle(null, null, null, null);
        }
        if (scope.contains(ResetScope.QuarantineState)) {
            jobs.clearStaged(app);
            job = job.withQuarantine(null);
        }
        String state = job.quarantine() != null ? JobState.Quarantine.name() : JobState.Active.name();
        jobs.saveJob(job.withState(state));
        audit.record(actor, app, "Enable/restart provisioning configuration", null, "resetScope " + scope);
    }

    /** Sends the disables and deletes the deletion threshold held, and lifts the TooManyDeletes quarantine. */
    public Optional<CycleSummary> allowDeletes(String app, String actor) {
        requireApp(app);
        ReentrantLock lock = cycleLocks.computeIfAbsent(app, key -> new ReentrantLock());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            audit.record(actor, app, "Allow deletes", null, jobs.staged(app).size() + " held disables and deletes released");
            CycleSummary summary = run(context(app), new CycleProgress(newCycleId(), CycleKind.RELEASE, clock), null);
            Job job = jobs.job(app).orElseThrow();
            if (job.quarantine() != null && QuarantinePolicy.TOO_MANY_DELETES.equals(job.quarantine().reason())) {
                jobs.saveJob(job.withQuarantine(null).withState(JobState.Active.name()));
            }
            return Optional.of(summary);
        } finally {
            lock.unlock();
        }
    }

    // ---- provision on demand

    /**
     * Runs the whole pipeline for one user now, deletions included (no threshold applies to one object),
     * and returns its log record. A failing connection test comes first in the steps.
     */
    public LogEntry provisionOnDemand(String app, String userId) {
        return onDemand(app).user(userId);
    }

    /** A group and up to five of its members (the first five direct user members when none are named). */
    public List<LogEntry> provisionGroupOnDemand(String app, String groupId, List<String> memberIds) {
        return onDemand(app).group(groupId, memberIds);
    }

    private OnDemand onDemand(String app) {
        return new OnDemand(context(app), directory, jobs, clock);
    }

    // ---- connectors

    /** Runs Entra's connection test against the app's saved connector; throws ConnectorException when it fails. */
    public void testConnection(String app) {
        requireApp(app);
        target(app).testConnection();
    }

    /**
     * Saves connector settings (and secrets) only if a connection test with them passes: the settings are
     * tested with a connector of their own before anything is stored.
     */
    public void saveConnector(String app, JsonNode settings, Map<String, String> newSecrets, String actor) {
        requireApp(app);
        Function<String, Optional<String>> lookup = name -> newSecrets.containsKey(name) ? Optional.of(newSecrets.get(name))
                : secrets.get(app, name);
        try (Connector candidate = connectors.open(app, settings, lookup)) {
            candidate.testConnection();
        }
        newSecrets.forEach((name, value) -> secrets.save(app, name, value));
        jobs.saveConnectorSettings(app, Json.write(settings));
        targets.remove(app);
        audit.record(actor, app, "Update provisioning setting or credentials", null,
                "connector settings saved" + (newSecrets.isEmpty() ? "" : "; secrets set: " + String.join(", ", newSecrets.keySet())));
    }

    /** The connector settings in force: saved through the API, else those of app.json. */
    public JsonNode connectorSettings(String app) {
        requireApp(app);
        return jobs.connectorSettings(app).map(Provisioning::parse).orElseGet(() -> appJson(app).path("connector"));
    }

    public JobSettings settings(String app) {
        return JobSettings.read(appJson(app).path("provisioning"));
    }

    GatedConnector target(String app) {
        return target(app, settings(app));
    }

    private GatedConnector target(String app, JobSettings job) {
        JsonNode settings = connectorSettings(app);
        if (settings.isMissingNode() || settings.isNull()) {
            throw new BadInput("/connector", "app `" + app + "` has no connector: add a `connector` object to its app.json");
        }
        // the gate's limits are part of the key, so a changed concurrency or rate takes effect
        String key = settings + "|" + job.concurrency() + "|" + job.requestsPerSecond();
        OpenTarget open = targets.compute(app, (name, current) -> {
            if (current != null && current.settingsKey().equals(key)) {
                return current;
            }
            if (current != null) {
                current.connector().close();
            }
            Connector connector = connectors.open(app, settings, secretName -> secrets.get(app, secretName));
            return new OpenTarget(key, new GatedConnector(connector, new TargetGate(job.concurrency(), job.requestsPerSecond(), clock)));
        });
        return open.connector();
    }

    JobContext context(String app) {
        requireApp(app);
        RuleSet rules = library.active(app).orElseThrow(() -> new BadInput("/rules", "app `" + app
                + "` has no active rule set: its rule files do not compile (see GET /api/v1/apps/" + app + "/rules)"));
        JobSettings settings = settings(app);
        return new JobContext(app, rules, settings, target(app, settings), directory, jobs, engine, clock, locks);
    }

    private void requireApp(String app) {
        if (!library.knows(app)) {
            throw new NotFound("app", app);
        }
    }

    private JsonNode appJson(String app) {
        Path file = library.root().resolve(app).resolve("app.json");
        try {
            return Files.exists(file) ? Json.mapper().readTree(file.toFile()) : MissingNode.getInstance();
        } catch (IOException e) {
            throw new BadInput("/", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("saved connector settings are always valid JSON", e);
        }
    }

    private static String newCycleId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        targets.values().forEach(open -> open.connector().close());
        targets.clear();
    }
}
