package dev.meridian.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.meridian.probes.health.StaleRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The YAML file as written; every field is optional and defaults are applied by {@link ConfigLoader}. */
record ConfigFile(String identity, String zones, List<ListenAddress> listen, Tcp tcp, List<String> geoip, Health health,
        ClusterFile cluster) {
    static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null, null, null);

    record Health(
            String region,
            @JsonProperty("embedded-agent") Boolean embeddedAgent,
            @JsonProperty("state-file") String stateFile,
            Double quorum,
            @JsonProperty("min-vantages") Integer minVantages,
            @JsonProperty("failback-delay") Duration failbackDelay,
            @JsonProperty("max-staleness") Duration maxStaleness,
            @JsonProperty("after-max-staleness") String afterMaxStaleness) {

        Health {
            // Checked here, inside the binding, so a bad value is reported with its line. (A compact constructor
            // has not assigned the fields yet: pass the parameters.)
            options(region, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                    afterMaxStaleness, HealthOptions.DEFAULT, Path.of(""));
        }

        HealthOptions options(HealthOptions base, Path dir) {
            return options(region, embeddedAgent, stateFile, quorum, minVantages, failbackDelay, maxStaleness,
                    afterMaxStaleness, base, dir);
        }

        private static HealthOptions options(String region, Boolean embeddedAgent, String stateFile, Double quorum,
                Integer minVantages, Duration failbackDelay, Duration maxStaleness, String afterMaxStaleness,
                HealthOptions base, Path dir) {
            return new HealthOptions(region == null ? base.region() : region,
                    embeddedAgent == null ? base.embeddedAgent() : embeddedAgent,
                    stateFile == null ? base.stateFile() : dir.resolve(stateFile).normalize(),
                    quorum == null ? base.quorum() : quorum,
                    minVantages == null ? base.minVantages() : minVantages,
                    failbackDelay == null ? base.failbackDelay() : failbackDelay,
                    maxStaleness == null ? base.maxStaleness() : maxStaleness,
                    afterMaxStaleness == null ? base.afterMaxStaleness() : afterMaxStaleness(afterMaxStaleness),
                    base.cluster());
        }

        private static StaleRule afterMaxStaleness(String value) {
            try {
                return StaleRule.fromConfigName(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after-max-staleness: " + e.getMessage(), e);
            }
        }
    }

    record ClusterFile(String name, ListenAddress bind, List<ListenAddress> members) {
        ClusterFile {
            // Checked here, inside the binding, so a bad value is reported with its line.
            cluster(name, bind, members);
        }

        HealthOptions.Cluster cluster() {
            return cluster(name, bind, members);
        }

        private static HealthOptions.Cluster cluster(String name, ListenAddress bind, List<ListenAddress> members) {
            List<ListenAddress> list = members == null ? List.of() : members;
            ListenAddress self = bind != null ? bind : list.isEmpty() ? null : list.get(0);
            if (self == null) {
                throw new IllegalArgumentException("cluster: give 'members' (every DNS node's host:port) and 'bind'");
            }
            return new HealthOptions.Cluster(name == null ? "meridian" : name, self, list);
        }
    }

    record Tcp(
            @JsonProperty("max-connections") Integer maxConnections,
            @JsonProperty("idle-timeout") Duration idleTimeout,
            @JsonProperty("message-timeout") Duration messageTimeout) {

        Tcp {
            // Checked here, inside the binding, so a bad combination is reported with its line.
            limits(maxConnections, idleTimeout, messageTimeout);
        }

        TcpLimits limits() {
            return limits(maxConnections, idleTimeout, messageTimeout);
        }

        private static TcpLimits limits(Integer max, Duration idle, Duration message) {
            TcpLimits d = TcpLimits.DEFAULT;
            return new TcpLimits(max == null ? d.maxConnections() : max, idle == null ? d.idleTimeout() : idle,
                    message == null ? d.messageTimeout() : message);
        }
    }
}
