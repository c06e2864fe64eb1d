package io.provisor.logs;

import io.provisor.store.ProvisioningLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges provisioning logs older than the retention period, in small batches so the purge never
 * holds long locks or a long transaction.
 */
public final class LogRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
    static final int BATCH = 1000;

    private final ProvisioningLogStore store;
    private final Duration keep;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public LogRetention(ProvisioningLogStore store, int days, Clock clock) {
        if (days < 1) {
            throw new IllegalArgumentException("log retention is at least one day");
        }
        this.store = store;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    /** Purges everything past retention now; returns how many records went. */
    public long purge() {
        Instant cutoff = clock.instant().minus(keep);
        long purged = 0;
        int batch;
        do {
            batch = store.purgeOlderThan(cutoff, BATCH);
            purged += batch;
        } while (batch == BATCH);
        if (purged > 0) {
            LOG.info("purged {} provisioning log records older than {}", purged, cutoff);
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
