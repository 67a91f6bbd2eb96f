package dev.meridian.server.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Integer indices for endpoints, given at load by health key, so the query path reads an endpoint's health from an
 * array slot instead of looking its key up (gdnsd's {@code map_res}). Indices only grow: an endpoint keeps its index
 * across reloads, so a health table compiled for one configuration is still right for the next one's endpoints that
 * it already knew, and an index beyond a table is an endpoint it has not seen yet. Used at load and when health is
 * compiled, never per query.
 */
public final class EndpointIndex {
    private final Map<String, Integer> byKey = new HashMap<>();
    private final List<String> keys = new ArrayList<>();

    /** The endpoint's index, given now if it has none yet. */
    public synchronized int indexOf(String healthKey) {
        Objects.requireNonNull(healthKey, "healthKey");
        Integer index = byKey.get(healthKey);
        if (index == null) {
            index = keys.size();
            byKey.put(healthKey, index);
            keys.add(healthKey);
        }
        return index;
    }

    /** Every health key, at its index. */
    public synchronized List<String> keys() {
        return List.copyOf(keys);
    }
}
