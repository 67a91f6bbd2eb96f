package dev.meridian.probes.latency;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client network as numbers: the first {@code prefix} bits of an address (the rest zero) in two longs, so the
 * query path hashes and compares it without strings or arrays.
 *
 * @param ipv4 whether it is an IPv4 network ({@code low} then holds the 32 bits)
 * @param high the first 64 bits of an IPv6 network; 0 for IPv4
 * @param low the last 64 bits of an IPv6 network, or the IPv4 address
 * @param prefix how many leading bits are the network
 */
public record ClientNetwork(boolean ipv4, long high, long low, int prefix) {

    /** The network of {@code prefix} bits holding {@code address}. */
    public static ClientNetwork of(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            long bits = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new ClientNetwork(true, 0, bits & mask, prefix);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (b[i] & 0xffL);
            low = (low << 8) | (b[i + 8] & 0xffL);
        }
        return new ClientNetwork(false, high & mask(prefix), low & mask(prefix - 64), prefix);
    }

    /** The network of the configured prefix length for the address's family. */
    public static ClientNetwork of(InetAddress address, LatencySettings settings) {
        return of(address, address instanceof Inet4Address ? settings.ipv4Prefix() : settings.ipv6Prefix());
    }

    /** The network's first address. */
    public InetAddress address() {
        byte[] b = new byte[ipv4 ? 4 : 16];
        if (ipv4) {
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) (low >>> (24 - 8 * i));
            }
        } else {
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (high >>> (56 - 8 * i));
                b[i + 8] = (byte) (low >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    /** CIDR notation, for the cluster key, logs and explain. */
    @Override
    public String toString() {
        return address().getHostAddress() + "/" + prefix;
    }

    /** The inverse of {@link #toString()}. */
    public static ClientNetwork parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a network (address/prefix): " + cidr);
        }
        InetAddress address = literal(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length out of range 0-" + max + ": " + cidr);
        }
        return of(address, prefix);
    }

    /** An address literal, never a name: nothing here resolves. */
    public static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!v4 && (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+"))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (v4 && !(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }
}
