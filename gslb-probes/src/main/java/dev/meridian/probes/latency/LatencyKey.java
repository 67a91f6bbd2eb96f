package dev.meridian.probes.latency;

import java.util.Objects;

/** One cell of the latency map: a client network seen from a region. */
public record LatencyKey(ClientNetwork network, String region) {
    public LatencyKey {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(region, "region");
    }

    /** As stored in the cluster: {@code network region} (region names hold no spaces). */
    public String encode() {
        return network + " " + region;
    }

    /** The inverse of {@link #encode()}. */
    public static LatencyKey decode(String text) {
        int space = text.indexOf(' ');
        return new LatencyKey(ClientNetwork.parse(text.substring(0, space)), text.substring(space + 1));
    }
}
