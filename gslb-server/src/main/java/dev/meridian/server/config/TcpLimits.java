package dev.meridian.server.config;

import dev.meridian.probes.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits that keep TCP clients from exhausting the server.
 *
 * @param maxConnections open connections at most, shared out evenly among the event loops (each holds at least one);
 *     when a loop's share is full, its least recently active connection is closed
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

    /** The limits one of {@code loops} event loops enforces on its own connections: its share of the maximum. */
    public TcpLimits perLoop(int loops) {
        return new TcpLimits((maxConnections + loops - 1) / loops, idleTimeout, messageTimeout);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 10s, got "
                    + Durations.text(value));
        }
    }
}
