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

    private final IMap<String, String> map;

    HazelcastMeasurementTargets(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(MAP_NAME);
    }

    @Override
    public void publish(String node, List<MeasurementTarget> targets) {
        map.set(node, MeasurementTargets.encode(targets), TTL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<MeasurementTarget> all() {
        List<List<MeasurementTarget>> lists = new ArrayList<>();
        new TreeMap<>(map).values().forEach(text -> lists.add(MeasurementTargets.decode(text)));
        return MeasurementTargets.interleave(lists);
    }
}
