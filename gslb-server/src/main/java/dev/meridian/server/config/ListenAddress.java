package dev.meridian.server.config;

import dev.meridian.probes.config.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One address the server listens on, for both UDP and TCP. Written {@code 127.0.0.1:5300}, {@code [::1]:5300}, or a
 * bare address for port 53.
 */
public record ListenAddress(InetAddress address, int port) {
    public static final int DNS_PORT = 53;

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, or an address alone (port 53); literals only, never looked up.
     */
    public static ListenAddress parse(String text) {
        HostPort parsed = HostPort.parse(text, DNS_PORT);
        return new ListenAddress(parsed.address(), parsed.port());
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** As {@link HostPort} writes it, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return new HostPort(address, port).toString();
    }
}
