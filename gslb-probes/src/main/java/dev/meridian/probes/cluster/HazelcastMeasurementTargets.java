package dev.meridian.probes.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.meridian.probes.measure.MeasurementTarget;
import dev.meridian.probes.measure.MeasurementTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** {@link MeasurementTargets} over an {@link IMap} of node → encoded list, each entry with a TTL. */
final class HazelcastMeasurementTargets implements MeasurementTargets {
    static final String MAP_NAME = "meridian.latency.targets";
    /** A node that stopped publishing (every second) loses its list after this. */
    private static final Duration TTL = Duration.ofMinutes(2);

    private final HazelcastInstance hazelcast;
    /**
     * Fetched on first use, not at construction: an agent's client that has not reached any node yet cannot make a
     * map proxy, and an agent must start (and check) without the cluster; its users retry on their next round.
     */
    private volatile IMap<String, String> map;

    HazelcastMeasurementTargets(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public void publish(String node, List<MeasurementTarget> targets) {
        map().set(node, MeasurementTargets.encode(targets), TTL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<MeasurementTarget> all() {
        List<List<MeasurementTarget>> lists = new ArrayList<>();
        new TreeMap<>(map()).values().forEach(text -> lists.add(MeasurementTargets.decode(text)));
        return MeasurementTargets.interleave(lists);
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
