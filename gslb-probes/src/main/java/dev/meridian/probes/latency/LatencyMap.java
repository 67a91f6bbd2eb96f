package dev.meridian.probes.latency;

import java.util.Map;

/**
 * The cluster's latency map: per client network and region, the smoothed RTT of the samples recorded anywhere.
 * Entries not measured for the settings' expiry disappear. Recording may block briefly (a cluster call); it is never
 * done on the query path.
 */
public interface LatencyMap {
    /** Folds one sample into its network and region's entry. */
    void record(LatencySample sample);

    /** Every live entry, as this node sees it now. */
    Map<LatencyKey, LatencyEntry> entries();
}
