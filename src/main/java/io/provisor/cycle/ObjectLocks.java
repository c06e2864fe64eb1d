package io.provisor.cycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One lock per object, so a cycle and a provision-on-demand request never process the same user at once
 * and create its account twice. A lock is held until the object's outcome is committed, which in a cycle
 * happens on the outcome writer's thread, so any thread may release it.
 *
 * <p>Locks are keyed by the object itself, not striped: a cycle chunk holds up to 1,000 users until their outcomes
 * are committed, and with 1,024 stripes almost every chunk found one of its stripes held by another
 * worker's chunk and waited for it (a quarter of the workers' time in a 60,000-user cycle), though no two
 * chunks ever share a user.
 */
final class ObjectLocks {

    /** The objects locked now, each with what its waiters wait on. */
    private final ConcurrentHashMap<String, CountDownLatch> held = new ConcurrentHashMap<>();

    /** Waits for the object's lock and returns what releases it (once, from any thread). */
    Runnable acquire(String app, String objectType, String sourceId) {
        return acquireAll(app, objectType, List.of(sourceId));
    }

    /**
     * Waits for the locks of all these objects and returns what releases them (once, from any thread).
     * Objects are locked once each and in ascending order, so two callers never wait for each other in a
     * circle. Waiting is not interrupted: a cycle being stopped still lets the holder finish its object.
     */
    Runnable acquireAll(String app, String objectType, Collection<String> sourceIds) {
        TreeSet<String> keys = new TreeSet<>();
        for (String sourceId : sourceIds) {
            keys.add(app + '\u0000' + objectType + '\u0000' + sourceId);
        }
        List<String> taken = new ArrayList<>(keys.size());
        CountDownLatch mine = new CountDownLatch(1);
        for (String key : keys) {
            lock(key, mine);
            taken.add(key);
        }
        return () -> {
            if (mine.getCount() > 0) {
                taken.forEach(key -> held.remove(key, mine));
                mine.countDown();
            }
        };
    }

    private void lock(String key, CountDownLatch mine) {
        boolean interrupted = false;
        CountDownLatch other;
        while ((other = held.putIfAbsent(key, mine)) != null) {
            try {
                other.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
