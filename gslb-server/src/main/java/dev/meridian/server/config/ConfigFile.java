package dev.meridian.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The YAML file as written; every field is optional and defaults are applied by {@link ConfigLoader}. */
record ConfigFile(String identity, String zones, List<String> listen, Tcp tcp) {

    record Tcp(
            @JsonProperty("max-connections") Integer maxConnections,
            @JsonProperty("idle-timeout") String idleTimeout,
            @JsonProperty("message-timeout") String messageTimeout) {

        Tcp {
            // Built here, inside the binding, so a bad value is reported with its line.
            limits(maxConnections, idleTimeout, messageTimeout);
        }

        TcpLimits limits() {
            return limits(maxConnections, idleTimeout, messageTimeout);
        }

        private static TcpLimits limits(Integer max, String idle, String message) {
            TcpLimits d = TcpLimits.DEFAULT;
            return new TcpLimits(
                    max == null ? d.maxConnections() : max,
                    idle == null ? d.idleTimeout() : Durations.parse(idle),
                    message == null ? d.messageTimeout() : Durations.parse(message));
        }
    }

    ConfigFile {
        if (listen != null) {
            listen.forEach(ListenAddress::parse);
        }
    }
}
