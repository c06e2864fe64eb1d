package io.provisor.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap while a phase runs: the peak of heap used (polled every few milliseconds, and
 * read from every collection's "before" figures, so a peak between two polls is not missed) and the
 * largest heap still used after a collection (what the phase really keeps alive).
 */
final class StoreHeapMonitor implements AutoCloseable {

    /** Figures of one phase, in bytes. */
    record Heap(long peakUsed, long maxAfterGc, long collections) {
    }

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            raise(peakUsed, heapOf(info.getMemoryUsageBeforeGc()));
            raise(maxAfterGc, heapOf(info.getMemoryUsageAfterGc()));
            collections.incrementAndGet();
        }
    };
    private final Thread poller;
    private volatile boolean running = true;

    StoreHeapMonitor() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        poller = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                raise(peakUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-monitor");
        poller.setDaemon(true);
        poller.start();
    }

    /** Collects, then starts a phase's figures afresh. */
    void reset() {
        System.gc();
        peakUsed.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        maxAfterGc.set(0);
        collections.set(0);
    }

    Heap figures() {
        return new Heap(peakUsed.get(), maxAfterGc.get(), collections.get());
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    private long heapOf(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    private static void raise(AtomicLong max, long value) {
        max.accumulateAndGet(value, Math::max);
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
