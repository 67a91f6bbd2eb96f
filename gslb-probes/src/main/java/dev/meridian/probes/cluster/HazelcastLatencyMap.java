package dev.meridian.probes.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.meridian.probes.latency.LatencyEntry;
import dev.meridian.probes.latency.LatencyKey;
import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySample;
import dev.meridian.probes.latency.LatencySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link LatencyMap} over an {@link IMap} of encoded strings (so agents, which are clients, need no classes on the
 * members): a sample is folded in by a compare-and-set loop on its key, and every write renews the entry's TTL, so a
 * network no longer measured leaves the map by itself.
 */
final class HazelcastLatencyMap implements LatencyMap {
    static final String MAP_NAME = "meridian.latency";

    private final HazelcastInstance hazelcast;
    /**
     * Fetched on first use, not at construction: an agent's client that has not reached any node yet cannot make a
     * map proxy, and an agent must start (and check) without the cluster; its users retry on their next round.
     */
    private volatile IMap<String, String> map;
    private final LatencySettings settings;

    HazelcastLatencyMap(HazelcastInstance hazelcast, LatencySettings settings) {
        this.hazelcast = hazelcast;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void record(LatencySample sample) {
        String key = new LatencyKey(sample.network(), sample.region()).encode();
        long ttl = settings.expiry().toMillis();
        while (true) {
            String old = map().get(key);
            if (old == null) {
                if (map().putIfAbsent(key, LatencyEntry.first(sample).encode(), ttl, TimeUnit.MILLISECONDS) == null) {
                    return;
                }
            } else if (map().replace(key, old, LatencyEntry.decode(old).add(sample, settings.alpha()).encode())) {
                map().setTtl(key, ttl, TimeUnit.MILLISECONDS);
                return;
            }
        }
    }

    @Override
    public Map<LatencyKey, LatencyEntry> entries() {
        Map<LatencyKey, LatencyEntry> out = new HashMap<>();
        map().forEach((key, value) -> out.put(LatencyKey.decode(key), LatencyEntry.decode(value)));
        return out;
    }

    private IMap<String, String> map() {
        IMap<String, String> m = map;
        if (m == null) {
            m = hazelcast.getMap(MAP_NAME);
            map = m;
        }
        return m;
    }
}
