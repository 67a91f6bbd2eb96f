package dev.meridian.probes.health;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** An {@link EventLog} kept in this process, bounded to a capacity; the twin of the cluster's ringbuffer. */
public final class InMemoryEventLog implements EventLog {
    private final int capacity;
    private final Deque<FailoverEvent> events = new ArrayDeque<>();

    public InMemoryEventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(FailoverEvent event) {
        Objects.requireNonNull(event, "event");
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    @Override
    public synchronized List<FailoverEvent> newestFirst(int limit) {
        List<FailoverEvent> out = new ArrayList<>(Math.min(Math.max(limit, 0), events.size()));
        for (Iterator<FailoverEvent> it = events.descendingIterator(); it.hasNext() && out.size() < limit;) {
            out.add(it.next());
        }
        return List.copyOf(out);
    }
}
