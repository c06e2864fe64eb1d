package io.provisor.cycle;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per object (striped), so a cycle and a provision-on-demand request never process the same
 * user at once and create its account twice.
 */
final class ObjectLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[1024];

    ObjectLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String app, String objectType, String sourceId) {
        int hash = (app + '\u0000' + objectType + '\u0000' + sourceId).hashCode();
        return stripes[Math.floorMod(hash, stripes.length)];
    }
}
