package io.provisor.cli;

import io.provisor.cycle.CycleProgress;
import io.provisor.model.LogEntry.LoggedAction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Redraws a cycle's progress on one stderr line while it runs: bar, percent, counts per action, time left. */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String app;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CycleProgress progress;

    ProgressBar(PrintStream err, String app) {
        this.err = err;
        this.app = app;
    }

    void follow(CycleProgress cycle) {
        this.progress = cycle;
        timer.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void draw() {
        CycleProgress p = progress;
        if (p == null) {
            return;
        }
        Double percent = p.percent();
        int filled = percent == null ? 0 : (int) Math.round(percent / 100 * WIDTH);
        Duration left = p.remaining();
        err.print("\r" + app + " " + p.kind().toString().toLowerCase(java.util.Locale.ROOT) + " [" + "#".repeat(filled)
                + ".".repeat(WIDTH - filled) + "] " + (percent == null ? "  ?" : String.format("%3.0f", percent)) + "% "
                + p.processed() + " objects: " + p.count(LoggedAction.CREATE) + " created, " + p.count(LoggedAction.UPDATE)
                + " updated, " + p.count(LoggedAction.DISABLE) + " disabled, " + p.count(LoggedAction.DELETE) + " deleted, "
                + p.failures() + " failed" + (left == null ? "" : ", " + left.toSeconds() + " s left") + "   ");
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (progress != null) {
            draw();
            err.println();
        }
    }
}
