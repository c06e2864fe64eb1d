package io.provisor.cycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per object (striped), so a cycle and a provision-on-demand request never process the same
 * user at once and create its account twice. A lock is held until the object's outcome is committed,
 * which in a cycle happens on the outcome writer's thread: hence semaphores, which any thread may
 * release, rather than locks owned by the thread that took them.
 */
final class ObjectLocks {

    private final Semaphore[] stripes = new Semaphore[1024];

    ObjectLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /** Waits for the object's lock and returns what releases it (once, from any thread). */
    Runnable acquire(String app, String objectType, String sourceId) {
        return acquireAll(app, objectType, List.of(sourceId));
    }

    /**
     * Waits for the locks of all these objects and returns what releases them (once, from any thread).
     * Stripes are taken once each and in ascending order, so two callers never wait for each other in a
     * circle, and two objects of one call that share a stripe do not wait for themselves.
     */
    Runnable acquireAll(String app, String objectType, Collection<String> sourceIds) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String sourceId : sourceIds) {
            int hash = (app + '\u0000' + objectType + '\u0000' + sourceId).hashCode();
            indexes.add(Math.floorMod(hash, stripes.length));
        }
        List<Semaphore> taken = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            stripes[index].acquireUninterruptibly();
            taken.add(stripes[index]);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.getAndSet(false)) {
                taken.forEach(Semaphore::release);
            }
        };
    }
}
