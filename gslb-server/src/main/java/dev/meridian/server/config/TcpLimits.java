package dev.meridian.server.config;

import dev.meridian.probes.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep TCP clients from exhausting the server.
 *
 * @param maxConnections open connections at most; when full, the least recently active one is closed
 * @param idleTimeout a connection with no traffic for this long is closed (Knot and NSD use about 10 s)
 * @param messageTimeout a message begun but not finished within this time closes the connection, so a client that
 *     sends half a message cannot hold a slot
 */
public record TcpLimits(int maxConnections, Duration idleTimeout, Duration messageTimeout) {
    public static final TcpLimits DEFAULT = new TcpLimits(512, Duration.ofSeconds(10), Duration.ofSeconds(2));

    public TcpLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be at least 1, got " + maxConnections);
        }
        requirePositive("idle-timeout", idleTimeout);
        requirePositive("message-timeout", messageTimeout);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 10s, got "
                    + Durations.text(value));
        }
    }
}
