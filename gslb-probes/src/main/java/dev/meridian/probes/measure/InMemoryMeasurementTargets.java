package dev.meridian.probes.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link MeasurementTargets} for one process: a node without a cluster (its embedded agent) and tests. */
public final class InMemoryMeasurementTargets implements MeasurementTargets {
    private final Map<String, List<MeasurementTarget>> byNode = new TreeMap<>();

    @Override
    public synchronized void publish(String node, List<MeasurementTarget> targets) {
        byNode.put(node, List.copyOf(targets));
    }

    @Override
    public synchronized List<MeasurementTarget> all() {
        return MeasurementTargets.interleave(new ArrayList<>(byNode.values()));
    }
}
