package dev.meridian.server.health;

import dev.meridian.probes.health.HealthSnapshot;
import dev.meridian.probes.observe.HealthStatus;
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
 * @param expired of the stale ones, stale for longer than the maximum staleness (the stale rule applies)
 * @param unknown checked endpoints without a verdict yet, answered as up
 * @param state {@code cold} (nothing known: every checked endpoint unknown), {@code stale} (every verdict stale: no
 *        vantage is heard) or {@code live}
 */
public record HealthReport(long version, String digest, int endpoints, int down, long stale, long expired,
        int unknown, String state) {

    /** A live report without expired or unknown endpoints. */
    public HealthReport(long version, String digest, int endpoints, int down, long stale) {
        this(version, digest, endpoints, down, stale, 0, 0, "live");
    }

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
        String state = snapshot.isCold() ? "cold" : snapshot.isAllStale() ? "stale" : "live";
        return new HealthReport(snapshot.version(), String.format("%08x", hash), sorted.size(), down,
                snapshot.staleCount(), snapshot.expiredCount(), snapshot.unknown(), state);
    }

    /** The text of the TXT record a {@code dig} for the reserved name gets; new fields are added at the end. */
    public String toText() {
        return "version=" + version + " digest=" + digest + " endpoints=" + endpoints + " down=" + down
                + " stale=" + stale + " expired=" + expired + " unknown=" + unknown + " state=" + state;
    }
}
