package dev.meridian.server.config;

import dev.meridian.probes.config.ClusterOptions;
import dev.meridian.probes.config.Durations;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.health.HealthSettings;
import dev.meridian.probes.health.StaleRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this DNS node takes part in health checking.
 *
 * @param region the region this node is in; its embedded agent reports as vantage {@code region/identity}
 * @param embeddedAgent whether this process also checks endpoints (the one-machine default)
 * @param stateFile where the last known health is kept, so a restarted node does not start blind
 * @param quorum share of fresh vantage points that must see an endpoint up for it to be up
 * @param minVantages fewer fresh votes than this are no votes: the last state is kept and marked stale
 * @param failbackDelay how long a recovered endpoint must stay healthy before it takes traffic again
 * @param maxStaleness how long an endpoint without fresh votes keeps its last state before {@code afterMaxStaleness}
 *        applies
 * @param afterMaxStaleness what happens to an endpoint stale for longer than {@code maxStaleness}
 * @param cluster the Hazelcast cluster to share observations through, or {@code null} to keep them in this process
 */
public record HealthOptions(String region, boolean embeddedAgent, Path stateFile, double quorum, int minVantages,
        Duration failbackDelay, Duration maxStaleness, StaleRule afterMaxStaleness, Cluster cluster) {
    public static final HealthOptions DEFAULT = new HealthOptions("local", true, Path.of("state", "health.state"), 0.5,
            1, Duration.ofSeconds(30), HealthSettings.DEFAULT_MAX_STALENESS, StaleRule.HOLD, null);

    public HealthOptions {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(stateFile, "stateFile");
        Objects.requireNonNull(failbackDelay, "failbackDelay");
        if (region.isBlank() || region.contains("/")) {
            throw new IllegalArgumentException("region must be a name without '/', got '" + region + "'");
        }
        if (!(quorum > 0 && quorum <= 1)) {
            throw new IllegalArgumentException("quorum must be more than 0 and at most 1, got " + quorum);
        }
        if (minVantages < 1) {
            throw new IllegalArgumentException("min-vantages must be at least 1, got " + minVantages);
        }
        if (failbackDelay.isNegative()) {
            throw new IllegalArgumentException("failback-delay must not be negative");
        }
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(afterMaxStaleness, "afterMaxStaleness");
        if (maxStaleness.isNegative() || maxStaleness.isZero()) {
            throw new IllegalArgumentException("max-staleness must be positive, got " + Durations.text(maxStaleness));
        }
    }

    /**
     * This DNS node's place in the Hazelcast cluster.
     *
     * @param options the cluster's name and every DNS node's member address (the TCP/IP join list; no multicast),
     *     read as the agent reads them
     * @param bind the address and port this node's member listens on
     */
    public record Cluster(ClusterOptions options, HostPort bind) {
        public Cluster {
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(bind, "bind");
        }

        public String name() {
            return options.name();
        }

        public List<HostPort> members() {
            return options.members();
        }
    }

    public HealthOptions withRegion(String value) {
        return new HealthOptions(value, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                afterMaxStaleness, cluster);
    }

    public HealthOptions withStateFile(Path value) {
        return new HealthOptions(region, embeddedAgent, value, quorum, minVantages, failbackDelay, maxStaleness,
                afterMaxStaleness, cluster);
    }

    public HealthOptions withCluster(Cluster value) {
        return new HealthOptions(region, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                afterMaxStaleness, value);
    }

    public HealthOptions withEmbeddedAgent(boolean value) {
        return new HealthOptions(region, value, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                afterMaxStaleness, cluster);
    }

    public HealthOptions withMaxStaleness(Duration value) {
        return new HealthOptions(region, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, value,
                afterMaxStaleness, cluster);
    }

    public HealthOptions withAfterMaxStaleness(StaleRule value) {
        return new HealthOptions(region, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                value, cluster);
    }

    public HealthOptions withFailbackDelay(Duration value) {
        return new HealthOptions(region, embeddedAgent, stateFile, quorum, minVantages, value, maxStaleness,
                afterMaxStaleness, cluster);
    }
}
