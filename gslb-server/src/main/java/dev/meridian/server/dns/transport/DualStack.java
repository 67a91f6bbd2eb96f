package dev.meridian.server.dns.transport;

import dev.meridian.probes.config.HostPort;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How listen addresses meet a dual-stack host. On Linux with {@code net.ipv6.bindv6only = 0} (the default) a socket
 * on the IPv6 wildcard {@code [::]} takes IPv4 datagrams and connections too, so {@code 0.0.0.0:53} beside
 * {@code [::]:53} cannot be bound ("address already in use"), and neither the JDK nor Netty can set
 * {@code IPV6_V6ONLY} to keep them apart. Listing both is still what an operator writes to mean "everything on port
 * 53", and what a host with {@code bindv6only = 1} needs: here the IPv6 wildcard then serves both families alone.
 */
final class DualStack {
    private static final Path BINDV6ONLY = Path.of("/proc/sys/net/ipv6/bindv6only");

    private DualStack() {
    }

    /** Whether a socket on {@code [::]} takes IPv4 too on this host; false where it cannot be told (not Linux). */
    static boolean wildcardTakesIpv4() {
        try {
            return Files.readString(BINDV6ONLY, StandardCharsets.US_ASCII).trim().equals("0");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The addresses to bind, in order: each IPv4 wildcard left out when {@code [::]} on the same (fixed) port serves
     * it, where {@code wildcardTakesIpv4}.
     *
     * @throws IllegalArgumentException for a specific IPv4 address on a port {@code [::]} takes it on: it cannot be
     *     bound, and what to list instead is said here rather than left to "address already in use"
     */
    static List<HostPort> toBind(List<HostPort> listen, boolean wildcardTakesIpv4) {
        List<HostPort> bind = new ArrayList<>(listen.size());
        for (HostPort address : listen) {
            if (wildcardTakesIpv4 && address.address() instanceof Inet4Address && !address.address().isAnyLocalAddress()
                    && ipv6WildcardOn(address.port(), listen)) {
                throw new IllegalArgumentException("listen " + address + " cannot be bound beside [::]:"
                        + address.port() + ": on this host [::] takes every IPv4 address too (net.ipv6.bindv6only = 0);"
                        + " list the IPv6 addresses to serve instead of [::], or 0.0.0.0:" + address.port()
                        + " instead of " + address);
            }
            if (!(wildcardTakesIpv4 && servedByIpv6Wildcard(address, listen))) {
                bind.add(address);
            }
        }
        return bind;
    }

    private static boolean servedByIpv6Wildcard(HostPort address, List<HostPort> listen) {
        return address.address() instanceof Inet4Address && address.address().isAnyLocalAddress()
                && ipv6WildcardOn(address.port(), listen);
    }

    /** Whether {@code [::]} is listed on {@code port}, a fixed port (port 0 gives every socket a port of its own). */
    private static boolean ipv6WildcardOn(int port, List<HostPort> listen) {
        return port != 0 && listen.stream().anyMatch(other -> other.address() instanceof Inet6Address
                && other.address().isAnyLocalAddress() && other.port() == port);
    }
}
