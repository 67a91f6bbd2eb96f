package dev.meridian.probes.measure;

import dev.meridian.probes.latency.ClientNetwork;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A client network to measure, through the address of a resolver that queried on its behalf (the packet's source,
 * which answers DNS and so can be timed).
 */
public record MeasurementTarget(ClientNetwork network, InetAddress resolver) {
    public MeasurementTarget {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(resolver, "resolver");
    }
}
