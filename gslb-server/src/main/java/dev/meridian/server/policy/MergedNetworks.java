package dev.meridian.server.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every address of one family mapped to a value, as a binary trie with no node whose two halves hold the same value:
 * the leaf an address reaches is the widest aligned network around it where every address has that value, so its
 * depth is a true ECS scope. Built once from networks that cover the address space in order, then read without locks
 * or allocation: the trie is two arrays of child references (a leaf is the complement of its value's index).
 *
 * @param <T> what an address maps to; equal values are one value ({@code null} is a value too)
 */
final class MergedNetworks<T> {
    private final int[] left;
    private final int[] right;
    private final int root;
    private final Object[] values;

    private MergedNetworks(int[] left, int[] right, int root, Object[] values) {
        this.left = left;
        this.right = right;
        this.root = root;
        this.values = values;
    }

    /**
     * The leaf holding the address: its value's index and its depth, packed as {@code index << 8 | depth}; read them
     * with {@link #value(int)} and {@link #prefix(int)}. Packed so the query path allocates nothing.
     */
    int find(byte[] address) {
        int ref = root;
        int depth = 0;
        while (ref >= 0) {
            ref = NetworkTable.bit(address, depth) == 0 ? left[ref] : right[ref];
            depth++;
        }
        return ~ref << 8 | depth;
    }

    @SuppressWarnings("unchecked") // only the builder's values of type T are stored
    T value(int found) {
        return (T) values[found >>> 8];
    }

    static int prefix(int found) {
        return found & 0xFF;
    }

    /** Distinct values (for the load log). */
    int values() {
        return values.length;
    }

    /** Inner nodes: how many splits the merged map needed. */
    int nodes() {
        return left.length;
    }

    /**
     * Takes networks in address order, each starting where the last one ended, and folds each pair of halves as soon
     * as both are known: two leaves of one value become their parent's leaf, anything else a node. The stack holds
     * at most one pending left half per prefix length.
     */
    static final class Builder<T> {
        private final int bits;
        private final Map<T, Integer> index = new HashMap<>();
        private final List<T> values = new ArrayList<>();
        private int[] left = new int[64];
        private int[] right = new int[64];
        private int nodes;
        private final int[] pendingRef;
        private final int[] pendingPrefix;
        private int pending;

        /** @param bits 32 for IPv4, 128 for IPv6 */
        Builder(int bits) {
            this.bits = bits;
            this.pendingRef = new int[bits + 1];
            this.pendingPrefix = new int[bits + 1];
        }

        /**
         * The next network: {@code start} with {@code prefix} leading bits; it must begin where the previous one
         * ended (the first at the zero address).
         */
        void add(byte[] start, int prefix, T value) {
            int ref = ~index.computeIfAbsent(value, v -> {
                values.add(v);
                return values.size() - 1;
            });
            int p = prefix;
            while (p > 0 && NetworkTable.bit(start, p - 1) == 1) {
                if (pending == 0 || pendingPrefix[pending - 1] != p) {
                    throw new IllegalStateException("networks must cover the address space in order");
                }
                int leftRef = pendingRef[--pending];
                ref = leftRef == ref && ref < 0 ? ref : node(leftRef, ref);
                p--;
            }
            pendingRef[pending] = ref;
            pendingPrefix[pending++] = p;
        }

        private int node(int l, int r) {
            if (nodes == left.length) {
                left = Arrays.copyOf(left, nodes * 2);
                right = Arrays.copyOf(right, nodes * 2);
            }
            left[nodes] = l;
            right[nodes] = r;
            return nodes++;
        }

        MergedNetworks<T> build() {
            if (pending != 1 || pendingPrefix[0] != 0) {
                throw new IllegalStateException("networks do not cover all " + bits + "-bit addresses");
            }
            return new MergedNetworks<>(Arrays.copyOf(left, nodes), Arrays.copyOf(right, nodes), pendingRef[0],
                    values.toArray());
        }
    }
}
