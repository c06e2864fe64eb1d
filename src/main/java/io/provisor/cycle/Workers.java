package io.provisor.cycle;

import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cycle's worker threads, and twice as many tasks queued, so the producer streaming from the database
 * waits instead of filling memory. The first failure stops the intake; {@link #awaitAll()} rethrows it once
 * the objects in flight are done.
 *
 * <p>As many threads as the app's {@code concurrency}, the requests it may have in flight ({@link TargetGate}).
 * Earlier versions ran two more per core, so that some could decide and commit while others waited for the
 * target. On a 2-core machine those mostly waited at the gate instead, and parking and waking them took 13 %
 * of the workers' CPU; without them provisor used 1.43 times the SCIM server's CPU, against 1.54 (100,000
 * users on loopback). Against a target whose answers take tens of milliseconds a worker spends a few percent
 * of its time on its own work, so the overlap they gave is worth little there.
 */
final class Workers implements AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final Semaphore slots;
    private final int capacity;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Workers for an app whose target takes {@code concurrency} requests at once. */
    static Workers forTarget(int concurrency, String name) {
        return new Workers(concurrency, name);
    }

    Workers(int threads, String name) {
        AtomicInteger number = new AtomicInteger();
        this.pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.capacity = threads * 2;
        this.slots = new Semaphore(capacity);
    }

    int threads() {
        return pool.getMaximumPoolSize();
    }

    /** Queues a task, waiting for room; throws the first failure instead once there is one. */
    void submit(Runnable task) {
        throwIfFailed();
        slots.acquireUninterruptibly();
        throwIfFailed();
        pool.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every queued task has finished, then throws the first failure, if any. */
    void awaitAll() {
        slots.acquireUninterruptibly(capacity);
        slots.release(capacity);
        throwIfFailed();
    }

    boolean failed() {
        return failure.get() != null;
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /**
     * Drops the tasks not started yet and waits for those in flight to finish their object, without
     * interrupting them: an interrupt could land in the middle of a store write (see
     * {@code Database.run}) or cut a request whose effect on the target is then unknown. Chunks stop
     * early on their own once {@link #failed()} holds. Only a task still busy after a minute is interrupted.
     */
    @Override
    public void close() {
        pool.getQueue().clear();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
