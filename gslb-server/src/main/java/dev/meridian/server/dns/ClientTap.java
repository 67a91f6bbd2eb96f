package dev.meridian.server.dns;

import java.net.InetAddress;

/**
 * Sees which client each resolved query came for, before the zones are read: latency measurement counts the
 * networks a node serves most. Runs on the query path, so it must only count (no locks, no I/O).
 */
@FunctionalInterface
public interface ClientTap {
    ClientTap NONE = (source, client, knownPrefix) -> { };

    /**
     * @param source the packet's source (the resolver)
     * @param client the ECS address, or the source
     * @param knownPrefix how many leading bits of {@code client} are known
     */
    void seen(InetAddress source, InetAddress client, int knownPrefix);
}
