package io.provisor.cycle;

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
        int hash = (app + '\u0000' + objectType + '\u0000' + sourceId).hashCode();
        Semaphore stripe = stripes[Math.floorMod(hash, stripes.length)];
        stripe.acquireUninterruptibly();
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.getAndSet(false)) {
                stripe.release();
            }
        };
    }
}
