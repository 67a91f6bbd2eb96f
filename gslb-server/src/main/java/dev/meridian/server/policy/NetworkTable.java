package dev.meridian.server.policy;

import dev.meridian.server.geo.Cidr;
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
    /**
     * The outcome of a lookup: the value, or {@code null}, and the prefix length the outcome holds for (the ECS
     * scope).
     */
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

    /** @param networks each network with its value */
    public NetworkTable(Map<Cidr, T> networks) {
        networks.forEach(this::insert);
        this.empty = networks.isEmpty();
    }

    private void insert(Cidr network, T value) {
        Node<T> node = network.isIpv4() ? v4 : v6;
        byte[] b = network.address().getAddress();
        for (int i = 0; i < network.prefixLength(); i++) {
            int bit = bit(b, i);
            if (node.children[bit] == null) {
                node.children[bit] = new Node<>();
            }
            node = node.children[bit];
        }
        node.value = value;
    }

    /**
     * The most specific network holding the address, and the widest network around the address where that stays
     * the outcome: a more specific network inside the matched one (or a neighbour one bit further down) has another.
     */
    public Match<T> lookup(InetAddress address) {
        if (empty) {
            return new Match<>(null, 0);
        }
        Node<T> node = address instanceof Inet4Address ? v4 : v6;
        byte[] b = address.getAddress();
        T best = node.value;
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
            }
        }
        boolean leaf = node.children[0] == null && node.children[1] == null;
        return new Match<>(best, leaf ? depth : Math.min(depth + 1, b.length * 8));
    }

    static int bit(byte[] address, int index) {
        return (address[index >>> 3] >>> (7 - (index & 7))) & 1;
    }
}
