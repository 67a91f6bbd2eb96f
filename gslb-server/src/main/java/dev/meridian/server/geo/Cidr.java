package dev.meridian.server.geo;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation, IPv4 or IPv6, with its host bits zero.
 *
 * @param address the network address
 * @param prefixLength bits of {@code address} that name the network: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /**
     * Hex digits, colons and dots, starting with a digit or colon and holding a colon: {@link InetAddress#getByName}
     * parses such a string as an IPv6 literal or fails, and never asks DNS.
     */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    /** Parses {@code 192.0.2.0/24} or {@code 2001:db8::/32}; the message of the exception says what is wrong. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        String prefix = slash < 0 ? "" : text.substring(slash + 1);
        boolean ipv4 = IPV4.matcher(host).matches();
        if (!ipv4 && !IPV6.matcher(host).matches() || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a network in CIDR notation such as 192.0.2.0/24 or 2001:db8::/32");
        }
        InetAddress address = ipv4 ? ipv4(host) : ipv6(host);
        int bits = address.getAddress().length * 8;
        int length = Integer.parseInt(prefix);
        if (length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is longer than " + bits + " bits");
        }
        InetAddress network = mask(address, length);
        if (!network.equals(address)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; the network is "
                    + network.getHostAddress() + "/" + length);
        }
        return new Cidr(address, length);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress ipv4(String host) {
        String[] octets = host.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(octets[i]);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
            }
            bytes[i] = (byte) octet;
        }
        return byAddress(bytes);
    }

    private static InetAddress ipv6(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
        if (address instanceof Inet4Address) {
            // Java reads ::ffff:a.b.c.d as the IPv4 address, which would silently change the prefix's meaning.
            throw new IllegalArgumentException("'" + host + "' is an IPv4-mapped address; write the IPv4 network");
        }
        return address;
    }

    private static InetAddress mask(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return byAddress(bytes);
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four or sixteen bytes are always an address", e);
        }
    }
}
