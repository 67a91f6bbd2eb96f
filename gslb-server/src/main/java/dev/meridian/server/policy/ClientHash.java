package dev.meridian.server.policy;

/**
 * Stable hashes of a client network, the same on every node and every run, for choices that must stay the same for
 * one network (a resolver's cache must not flip-flop): consistent hashing and slow start.
 */
final class ClientHash {
    private ClientHash() {
    }

    /** The first {@code prefix} bits of the address (at most 64), tagged with the family. */
    static long networkKey(byte[] address, int prefix, boolean ipv4) {
        long bits = 0;
        for (int i = 0; i < Math.min(8, address.length); i++) {
            bits = (bits << 8) | (address[i] & 0xFF);
        }
        int width = Math.min(64, address.length * 8);
        long mask = prefix == 0 ? 0 : -1L << (width - prefix);
        return (bits & mask) ^ (ipv4 ? 0x9E3779B97F4A7C15L : 0) ^ prefix;
    }

    /** A number in (0, 1), uniform over networks, for one network and one endpoint ({@code String.hashCode} is fixed). */
    static double unit(long networkKey, String endpointId) {
        long h = mix(networkKey ^ mix(endpointId.hashCode()));
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    /** The splitmix64 finalizer: spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
