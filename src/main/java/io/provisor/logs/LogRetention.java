package io.provisor.logs;

import io.provisor.store.DirectoryStore;
import io.provisor.store.PreviewStore;
import io.provisor.store.ProvisioningLogStore;
import io.provisor.store.RevisionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges what provisor records about its decisions once it is older than the log retention: provisioning log records
 * (with their search keys), the facts kept to replay each decision, impact previews, and the directory's changes every
 * app has read. Each goes in small batches, so the purge never holds long locks or a long transaction.
 */
public final class LogRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
    static final int BATCH = 1000;

    /** One kind of record: a step deletes up to {@code batch} of those older than {@code cutoff} and returns how many rows went. */
    @FunctionalInterface
    public interface Purge {
        int step(Instant cutoff, int batch);
    }

    private final Map<String, Purge> kinds;
    private final Duration keep;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /** {@code kinds}: each kind's purge under the name the log line gives its rows, purged in this order. */
    public LogRetention(Map<String, Purge> kinds, int days, Clock clock) {
        if (days < 1) {
            throw new IllegalArgumentException("log retention is at least one day");
        }
        this.kinds = new LinkedHashMap<>(kinds);
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    /**
     * Everything the log retention covers: records first, then the facts behind them, previews, and the directory's
     * changes every configured app ({@code apps}, read at each purge) has read.
     */
    public static LogRetention of(ProvisioningLogStore logs, RevisionStore revisions, PreviewStore previews, DirectoryStore directory,
                                  Supplier<? extends Collection<String>> apps, int days, Clock clock) {
        Map<String, Purge> kinds = new LinkedHashMap<>();
        kinds.put("provisioning log records", logs::purgeOlderThan);
        kinds.put("decision facts", revisions::purgeFactsOlderThan);
        kinds.put("impact preview rows", previews::purgeOlderThan);
        kinds.put("directory changes", (cutoff, batch) -> directory.purgeChangesOlderThan(cutoff, batch, apps.get()));
        return new LogRetention(kinds, days, clock);
    }

    /** Purges everything past retention now; returns how many rows of each kind went. */
    public Map<String, Long> purge() {
        Instant cutoff = clock.instant().minus(keep);
        Map<String, Long> purged = new LinkedHashMap<>();
        StringJoiner said = new StringJoiner(", ");
        kinds.forEach((kind, purge) -> {
            long total = 0;
            int step;
            do {
                step = purge.step(cutoff, BATCH);
                total += step;
            } while (step > 0);
            purged.put(kind, total);
            if (total > 0) {
                said.add(total + " " + kind);
            }
        });
        if (said.length() > 0) {
            LOG.info("purged {} older than {}", said, cutoff);
        }
        return purged;
    }

    /** Purges in the background, every {@code every}. */
    public LogRetention schedule(Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "log-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                LOG.warn("log purge failed, will retry: {}", e.getMessage());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
