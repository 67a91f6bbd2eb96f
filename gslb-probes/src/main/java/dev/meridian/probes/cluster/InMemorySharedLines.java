package dev.meridian.probes.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** {@link SharedLines} for a node without a cluster: the newest lines in this process only. */
public final class InMemorySharedLines implements SharedLines {
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    public InMemorySharedLines(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(String line) {
        lines.addLast(Objects.requireNonNull(line, "line"));
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    @Override
    public synchronized List<String> newestFirst(int limit) {
        List<String> out = new ArrayList<>(Math.min(limit, lines.size()));
        for (Iterator<String> it = lines.descendingIterator(); it.hasNext() && out.size() < limit;) {
            out.add(it.next());
        }
        return out;
    }
}
