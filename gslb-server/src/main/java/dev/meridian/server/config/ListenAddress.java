package dev.meridian.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

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
     * Parses {@code host:port}, {@code [v6]:port}, or an address alone (port 53). Only literal addresses are accepted:
     * a DNS server must not depend on name resolution to start.
     */
    public static ListenAddress parse(String text) {
        String s = text.strip();
        String host;
        int port = DNS_PORT;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
                }
                port = parsePort(text, rest.substring(1));
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // a bare IPv6 address
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(text, s.substring(colon + 1));
            }
        }
        return new ListenAddress(literal(text, host), port);
    }

    private static int parsePort(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port must be a number from 0 to 65535");
        }
    }

    private static InetAddress literal(String text, String host) {
        boolean looksLiteral = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        if (!looksLiteral || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': expected an IP address, not a host name");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': not a valid IP address");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
