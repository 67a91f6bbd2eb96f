package dev.meridian.server.anycast;

import dev.meridian.server.geo.Cidr;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The {@code anycast} block of the server configuration.
 *
 * @param prefixes the service prefixes this node announces (IPv4 and IPv6, several allowed)
 * @param selfCheck where the node queries itself: its service (anycast) address and DNS port
 * @param canary the name it asks for; a reply with NOERROR and an answer of {@code canaryType} passes
 * @param canaryType the query type asked
 * @param interval time between samples
 * @param timeout how long one self-query may take, per transport
 * @param rise samples in a row that raise the announcement
 * @param fall samples in a row that lower it
 * @param holdDown how long prefixes stay withdrawn, at least, before they are announced again
 * @param drain on stop, how long the node keeps answering after its withdraw, while routers move traffic away
 * @param degraded how a degraded node announces
 */
public record AnycastOptions(List<Cidr> prefixes, InetSocketAddress selfCheck, Name canary, int canaryType,
        Duration interval, Duration timeout, int rise, int fall, Duration holdDown, Duration drain,
        DegradedRoute degraded) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_RISE = 3;
    public static final int DEFAULT_FALL = 2;
    public static final Duration DEFAULT_HOLD_DOWN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    public AnycastOptions {
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("prefixes: at least one prefix to announce");
        }
        if (!canary.isAbsolute()) {
            throw new IllegalArgumentException("the canary name must be absolute");
        }
        if (timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("timeout must be shorter than interval: a sample asks over UDP and TCP "
                    + "within one interval");
        }
        prefixes = List.copyOf(prefixes);
    }
}
