package dev.meridian.probes.latency;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LatencyMap} for one process: a node without a cluster, and unit tests. */
public final class InMemoryLatencyMap implements LatencyMap {
    private record Stored(LatencyEntry entry, long recordedMillis) {
    }

    private final Map<LatencyKey, Stored> entries = new ConcurrentHashMap<>();
    private final LatencySettings settings;
    private final Clock clock;

    public InMemoryLatencyMap(LatencySettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void record(LatencySample sample) {
        long now = clock.millis();
        entries.compute(new LatencyKey(sample.network(), sample.region()), (key, old) -> new Stored(
                old == null || expired(old, now) ? LatencyEntry.first(sample)
                        : old.entry().add(sample, settings.alpha()), now));
    }

    @Override
    public Map<LatencyKey, LatencyEntry> entries() {
        long now = clock.millis();
        entries.values().removeIf(stored -> expired(stored, now));
        Map<LatencyKey, LatencyEntry> out = new HashMap<>();
        entries.forEach((key, stored) -> out.put(key, stored.entry()));
        return out;
    }

    private boolean expired(Stored stored, long now) {
        return now - stored.recordedMillis() > settings.expiry().toMillis();
    }
}
