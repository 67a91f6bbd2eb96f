package dev.meridian.server.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * Longest-prefix match of addresses against a fixed set of networks (a binary trie per address family), built once
 * at load and read without locks.
 *
 * @param <T> what a network maps to
 */
public final class NetworkTable<T> {
    /** The outcome of a lookup: the value, or {@code null}, and the prefix length that decided it (the ECS scope). */
    public record Match<T>(T value, int decisivePrefix) {
    }

    private static final class Node<T> {
        @SuppressWarnings("unchecked")
        final Node<T>[] children = new Node[2];
        T value;
    }

    private final Node<T> v4 = new Node<>();
    private final Node<T> v6 = new Node<>();
    private final boolean empty;

    /** @param networks each network (address with host bits zero) and prefix length, with its value */
    public NetworkTable(Map<Network, T> networks) {
        networks.forEach(this::insert);
        this.empty = networks.isEmpty();
    }

    /** A network: an address and a prefix length. */
    public record Network(InetAddress address, int prefix) {
        public Network {
            int bits = address instanceof Inet4Address ? 32 : 128;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix /" + prefix + " is out of range for " + address.getHostAddress());
            }
            byte[] b = address.getAddress();
            for (int i = prefix; i < bits; i++) {
                if (bit(b, i) != 0) {
                    throw new IllegalArgumentException(address.getHostAddress() + "/" + prefix
                            + " has bits set past the prefix");
                }
            }
        }

        /** Parses {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
        public static Network parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a network; write it like 192.0.2.0/24");
            }
            String host = text.substring(0, slash).strip();
            if (!host.contains(":") && !host.matches("[0-9.]+")) {
                throw new IllegalArgumentException("'" + text + "': expected an IP address before '/'");
            }
            try {
                return new Network(InetAddress.getByName(host), Integer.parseInt(text.substring(slash + 1).strip()));
            } catch (java.net.UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a network; write it like 192.0.2.0/24");
            }
        }
    }

    private void insert(Network network, T value) {
        Node<T> node = network.address() instanceof Inet4Address ? v4 : v6;
        byte[] b = network.address().getAddress();
        for (int i = 0; i < network.prefix(); i++) {
            int bit = bit(b, i);
            if (node.children[bit] == null) {
                node.children[bit] = new Node<>();
            }
            node = node.children[bit];
        }
        node.value = value;
    }

    /** The most specific network holding the address. */
    public Match<T> lookup(InetAddress address) {
        if (empty) {
            return new Match<>(null, 0);
        }
        Node<T> node = address instanceof Inet4Address ? v4 : v6;
        byte[] b = address.getAddress();
        T best = node.value;
        int bestPrefix = 0;
        int depth = 0;
        while (depth < b.length * 8) {
            Node<T> next = node.children[bit(b, depth)];
            if (next == null) {
                break;
            }
            node = next;
            depth++;
            if (node.value != null) {
                best = node.value;
                bestPrefix = depth;
            }
        }
        // Without a match, the answer still depends on the bits walked: a neighbour one bit further may match.
        return best == null ? new Match<>(null, Math.min(depth + 1, b.length * 8)) : new Match<>(best, bestPrefix);
    }

    static int bit(byte[] address, int index) {
        return (address[index >>> 3] >>> (7 - (index & 7))) & 1;
    }
}
