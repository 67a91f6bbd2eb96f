package dev.meridian.probes.latency;

/**
 * What routing knows about one client network (or one country's measured networks): regions in the order to prefer
 * them, with their smoothed RTTs. The first region is the network's current choice, which a faster one displaces only
 * beyond the margin; the rest follow fastest first. Arrays are never changed after the snapshot is built.
 *
 * @param level whether the row is of the client's own network or its country's aggregate
 * @param prefix the network's prefix length (0 for a country: the GeoIP network decides the scope)
 * @param regions region ids ({@link RegionIds}), preferred first
 * @param rttMillis the smoothed RTT of each region, in the same order
 * @param samples the samples behind each RTT
 */
public record LatencyRow(Level level, int prefix, int[] regions, double[] rttMillis, long[] samples) {
    /** Which level of data decided. */
    public enum Level {
        NETWORK, COUNTRY
    }
}
