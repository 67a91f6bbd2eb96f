package dev.meridian.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/** The YAML file as written; every field is optional and defaults are applied by {@link ConfigLoader}. */
record ConfigFile(String identity, String zones, List<ListenAddress> listen, Tcp tcp, String geoip) {
    static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null);

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
