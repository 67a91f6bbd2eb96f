package dev.meridian.server.health;

import dev.meridian.probes.health.HealthSnapshot;
import dev.meridian.probes.health.HealthStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which health snapshot this node answers from, in a form operators compare across nameservers: the node's own
 * version counter, and a digest of the endpoint states that is equal on every node that agrees.
 *
 * @param version this node's snapshot version (per node: compare digests across nodes)
 * @param digest eight hex digits over the sorted endpoint keys and statuses
 * @param endpoints endpoints with a verdict
 * @param down of them, down
 * @param stale of them, held on old information
 */
public record HealthReport(long version, String digest, int endpoints, int down, long stale) {

    static HealthReport of(HealthSnapshot snapshot) {
        Map<String, HealthSnapshot.EndpointState> sorted = new TreeMap<>(snapshot.endpoints());
        int hash = 17;
        int down = 0;
        for (Map.Entry<String, HealthSnapshot.EndpointState> e : sorted.entrySet()) {
            HealthStatus status = e.getValue().health().status();
            hash = 31 * (31 * hash + e.getKey().hashCode()) + status.ordinal();
            if (status == HealthStatus.DOWN) {
                down++;
            }
        }
        return new HealthReport(snapshot.version(), String.format("%08x", hash), sorted.size(), down,
                snapshot.staleCount());
    }

    /** The text of the TXT record a {@code dig} for the reserved name gets. */
    public String toText() {
        return "version=" + version + " digest=" + digest + " endpoints=" + endpoints + " down=" + down
                + " stale=" + stale;
    }
}
