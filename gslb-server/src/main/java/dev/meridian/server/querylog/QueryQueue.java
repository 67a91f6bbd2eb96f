package dev.meridian.server.querylog;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded queue that never blocks the event loops that fill it: no lock, an atomic count for the bound, and a
 * query that does not fit is counted and dropped.
 */
final class QueryQueue {
    private final ConcurrentLinkedQueue<LoggedQuery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int limit;

    QueryQueue(int limit) {
        this.limit = limit;
    }

    void offer(LoggedQuery query) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(query);
    }

    LoggedQuery poll() {
        LoggedQuery next = queue.poll();
        if (next != null) {
            size.decrementAndGet();
        }
        return next;
    }

    int size() {
        return size.get();
    }

    long dropped() {
        return dropped.get();
    }
}
