package dev.meridian.probes.measure;

import java.time.Duration;
import java.util.Objects;

/**
 * How one agent measures.
 *
 * @param method a DNS query over UDP or a TCP connect
 * @param port the resolvers' DNS port (53; a test's responders listen elsewhere)
 * @param perSecond at most this many measurements a second
 * @param maxTargets at most this many target networks, the first of the list (the busiest)
 * @param timeout how long one measurement waits
 * @param backoffMax the longest a network that never answers is skipped (doubling from one round)
 */
public record MeasureSettings(Method method, int port, int perSecond, int maxTargets,
        Duration timeout, Duration backoffMax) {
    /** How an RTT is taken. */
    public enum Method {
        UDP_DNS, TCP_CONNECT
    }

    /** A DNS query over UDP to port 53, 10 a second, the 100 busiest networks, 1 s timeout, backoff up to 10 min. */
    public static final MeasureSettings DEFAULTS = new MeasureSettings(Method.UDP_DNS, 53, 10, 100,
            Duration.ofSeconds(1), Duration.ofMinutes(10));

    public MeasureSettings {
        Objects.requireNonNull(method, "method");
        if (port < 1 || port > 65535 || perSecond < 1 || perSecond > 1000 || maxTargets < 1) {
            throw new IllegalArgumentException("measurement needs a port, 1-1000 measurements a second and a target"
                    + " bound of at least 1");
        }
        if (timeout.isNegative() || timeout.isZero() || backoffMax.isNegative()) {
            throw new IllegalArgumentException("measurement timeout must be positive");
        }
    }
}
