package dev.meridian.probes.latency;

/**
 * The smoothed round-trip time of one region to one client network.
 *
 * @param rttMillis exponentially weighted moving average of the samples
 * @param samples how many samples went into it
 * @param lastSampleMillis when the newest sample was measured, epoch milliseconds
 * @param source the newest sample's source
 */
public record LatencyEntry(double rttMillis, long samples, long lastSampleMillis, LatencySource source) {

    /** The first sample of a network and region. */
    public static LatencyEntry first(LatencySample sample) {
        return new LatencyEntry(sample.rttMillis(), 1, sample.atMillis(), sample.source());
    }

    /**
     * This entry with one more sample: {@code alpha} of the new sample, the rest of the old average. A sample older
     * than the newest already counted still moves the average (samples arrive out of order from batches) but not the
     * sample time.
     */
    public LatencyEntry add(LatencySample sample, double alpha) {
        return new LatencyEntry(rttMillis + alpha * (sample.rttMillis() - rttMillis), samples + 1,
                Math.max(lastSampleMillis, sample.atMillis()), sample.source());
    }

    /** As stored in the cluster: four fields separated by spaces. */
    public String encode() {
        return rttMillis + " " + samples + " " + lastSampleMillis + " " + source.name();
    }

    /** The inverse of {@link #encode()}. */
    public static LatencyEntry decode(String text) {
        String[] f = text.split(" ");
        return new LatencyEntry(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                LatencySource.valueOf(f[3]));
    }
}
