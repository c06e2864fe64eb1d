package io.provisor.cycle;

import io.provisor.rules.RuleSet;
import io.provisor.store.JobRows.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts cycles when they are due: an interrupted or first cycle at once, then one per interval; in event
 * mode also shortly after the directory's change feed moves past the watermark (debounced, so a burst of
 * changes makes one small cycle); while quarantined only at the quarantine's next attempt. One bad app
 * (unknown connector, unreachable target, broken rules) never stops the others: its failure is logged
 * and shows in its status.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Provisioning provisioning;
    private final Duration tick;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "scheduler"));
    private final ExecutorService cycles = Executors.newCachedThreadPool(runnable -> daemon(runnable, "cycle"));
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastFinished = new ConcurrentHashMap<>();
    private final Map<String, Instant> changeSeen = new ConcurrentHashMap<>();
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    public Scheduler(Provisioning provisioning, Duration tick) {
        this.provisioning = provisioning;
        this.tick = tick;
    }

    /** Starts ticking; apps whose settings say startOnLaunch and that never ran are started first. */
    public Scheduler start() {
        for (String app : provisioning.library().apps()) {
            try {
                Job job = provisioning.jobs().job(app).orElse(Job.notRun(app));
                if (JobState.NotRun.name().equals(job.state()) && provisioning.settings(app).startOnLaunch()) {
                    provisioning.start(app, "system");
                }
            } catch (RuntimeException e) {
                problem(app, e);
            }
        }
        clock.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void tick() {
        long head;
        try {
            head = provisioning.candidates().head();
        } catch (RuntimeException e) {
            LOG.warn("scheduler cannot read the change feed: {}", e.getMessage());
            return;
        }
        for (String app : provisioning.library().apps()) {
            try {
                if (due(app, head)) {
                    submit(app);
                }
            } catch (RuntimeException e) {
                problem(app, e);
            }
        }
    }

    private boolean due(String app, long head) {
        if (busy.contains(app)) {
            return false;
        }
        Job job = provisioning.jobs().job(app).orElse(Job.notRun(app));
        Instant now = provisioning.clock().instant();
        JobState state = JobState.valueOf(job.state());
        if (state == JobState.Quarantine) {
            if (QuarantinePolicy.expired(job.quarantine(), now)) {
                provisioning.jobs().saveJob(job.withState(JobState.Disabled.name()));
                LOG.warn("app {}: quarantined for more than four weeks, the job is disabled", app);
                return false;
            }
            return job.quarantine() != null && job.quarantine().nextAttempt() != null && !now.isBefore(job.quarantine().nextAttempt());
        }
        if (state != JobState.Active) {
            return false;
        }
        Optional<String> revision = provisioning.library().active(app).map(RuleSet::revision);
        if (job.cycleId() != null || job.watermark() == null || (revision.isPresent() && !revision.get().equals(job.revision()))) {
            return true;
        }
        JobSettings settings = provisioning.settings(app);
        Instant finished = lastFinished.computeIfAbsent(app, key -> now);
        if (!now.isBefore(finished.plus(settings.interval()))) {
            return true;
        }
        if (settings.eventMode() && head > job.watermark()) {
            Instant seen = changeSeen.computeIfAbsent(app, key -> now);
            return !now.isBefore(seen.plus(settings.debounce()));
        }
        return false;
    }

    private void submit(String app) {
        busy.add(app);
        cycles.execute(() -> {
            try {
                changeSeen.remove(app);
                provisioning.runCycle(app, null).ifPresent(summary -> {
                    if (!summary.completed()) {
                        LOG.warn("app {}: cycle {}: {}", app, summary.outcome(), summary.error());
                    }
                });
                lastProblem.remove(app);
            } catch (RuntimeException e) {
                problem(app, e);
            } finally {
                lastFinished.put(app, provisioning.clock().instant());
                busy.remove(app);
            }
        });
    }

    private void problem(String app, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!message.equals(lastProblem.put(app, message))) {
            LOG.warn("app {}: {}", app, message);
        }
    }

    /** The last problem the scheduler met with this app, shown in its status; null when its last cycle ran. */
    public String problem(String app) {
        return lastProblem.get(app);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        cycles.shutdown();
        try {
            cycles.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
