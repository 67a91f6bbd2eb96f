package dev.meridian.probes.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IP address literal and a port, as both programs write them: {@code 192.0.2.1:5701}, {@code [2001:db8::1]:53},
 * or the address alone for the default port. Only literals are accepted, and they are parsed without ever asking a
 * resolver: a DNS server that needs DNS to start cannot start when DNS is down, and an address such as
 * {@code 999.1.1.1} must be an error, not a seconds-long lookup. Shorthand IPv4 forms ({@code 127.1},
 * {@code 4294967295}) and leading zeros ({@code 0127.0.0.1}, which some tools read as octal) are refused.
 *
 * @param address the address
 * @param port 0-65535; 0 asks the system for a free port when listening
 */
public record HostPort(InetAddress address, int port) {
    /** The DNS port, the default for a listen address written without one. */
    public static final int DNS_PORT = 53;
    /** Hazelcast's port, the default for a cluster member written without one, in the server and the agent alike. */
    public static final int CLUSTER_PORT = 5701;
    private static final Pattern LEADING_ZERO = Pattern.compile("(^|\\.)0\\d");

    public HostPort {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /**
     * Parses {@code address:port}, {@code [v6]:port}, a bare IPv4 or IPv6 address (then {@code defaultPort}).
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static HostPort parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        String host;
        int port = defaultPort;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
                }
                port = port(text, rest.substring(1));
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // a bare IPv6 address
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            if (colon >= 0) {
                port = port(text, s.substring(colon + 1));
            }
        }
        return new HostPort(literal(text, host), port);
    }

    /** An IP address literal alone, never looked up. */
    public static InetAddress literal(String text) {
        return literal(text, text.strip());
    }

    private static InetAddress literal(String text, String host) {
        boolean v4 = NetUtil.isValidIpV4Address(host) && !LEADING_ZERO.matcher(host).find();
        if (!v4 && !NetUtil.isValidIpV6Address(host)) {
            throw new IllegalArgumentException("'" + text + "': expected an IP address such as 192.0.2.1 or "
                    + "[2001:db8::1], not a host name or a shorthand");
        }
        return NetUtil.createInetAddressFromIpAddressString(host);
    }

    private static int port(String text, String port) {
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number from 0 to 65535");
        }
        return Integer.parseInt(port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@code 192.0.2.1:53} or {@code [2001:db8::1]:53}: what {@link #parse} reads back. */
    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
