package dev.meridian.probes.latency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A number for every region name, the same for the life of the process, so a latency row names regions by id and
 * a policy compares ids instead of strings. Names are numbered when configuration loads and when a snapshot is
 * built, never on the query path.
 */
public final class RegionIds {
    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Map<Integer, String> NAMES = new ConcurrentHashMap<>();

    private RegionIds() {
    }

    /** The id of {@code region}, numbering it on first use. */
    public static int of(String region) {
        return IDS.computeIfAbsent(region, name -> {
            int id = NEXT.incrementAndGet();
            NAMES.put(id, name);
            return id;
        });
    }

    /** The name numbered {@code id}, for explaining and for metrics. */
    public static String name(int id) {
        return NAMES.getOrDefault(id, "#" + id);
    }
}
