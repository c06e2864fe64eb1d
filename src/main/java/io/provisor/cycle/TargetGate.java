package io.provisor.cycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces an app's requests to its target: at most {@code concurrency} in flight at once, at most
 * {@code requestsPerSecond} (0 for no cap), and none at all while the target has asked us to back off
 * (429 with Retry-After). Shared by everything that talks to the app's target (cycle workers, event
 * mode, provisioning on demand), so one throttled request holds them all back, as the target asked.
 */
final class TargetGate {

    /** How long to back off when a 429 carries no Retry-After. */
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    /** A Retry-After longer than this is capped: the object goes to escrow instead of stalling the cycle. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Clock clock;
    private final long nanosPerRequest;
    private final Semaphore inFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    /** Written under the lock; read without it on the fast path. */
    private volatile Instant pausedUntil = Instant.MIN;
    private long nextSlotNanos = System.nanoTime();

    TargetGate(int concurrency, double requestsPerSecond, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        // Not fair: a worker that finds a slot free takes it, where a fair semaphore hands every freed slot
        // to a parked worker, a wake-up per request on a machine that is already short of CPU.
        this.inFlight = new Semaphore(concurrency);
        this.clock = clock;
        this.nanosPerRequest = requestsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / requestsPerSecond);
    }

    /** Waits until a request may be sent; every successful call must be followed by {@link #exit()}. */
    void enter() throws InterruptedException {
        inFlight.acquire();
        try {
            awaitTurn();
        } catch (InterruptedException | RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** The request that {@link #enter()} let through has its answer (or failed). */
    void exit() {
        inFlight.release();
    }

    private void awaitTurn() throws InterruptedException {
        if (nanosPerRequest == 0 && !clock.instant().isBefore(pausedUntil)) {
            return; // no cap and no pause: the workers need not queue for the lock one request at a time
        }
        lock.lock();
        try {
            Instant now = clock.instant();
            while (now.isBefore(pausedUntil)) {
                resumed.await(Duration.between(now, pausedUntil).toNanos(), TimeUnit.NANOSECONDS);
                now = clock.instant();
            }
            if (nanosPerRequest > 0) {
                long slot = Math.max(nextSlotNanos, System.nanoTime());
                nextSlotNanos = slot + nanosPerRequest;
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    resumed.awaitNanos(wait);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The target said 429: nobody sends until {@code retryAfter} has passed. Returns the pause applied. */
    Duration pause(Duration retryAfter) {
        Duration wait = retryAfter == null || retryAfter.isNegative() || retryAfter.isZero() ? DEFAULT_BACKOFF : retryAfter;
        if (wait.compareTo(MAX_BACKOFF) > 0) {
            wait = MAX_BACKOFF;
        }
        lock.lock();
        try {
            Instant until = clock.instant().plus(wait);
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
            return wait;
        } finally {
            lock.unlock();
        }
    }
}
