package dev.meridian.server.dns.limit;

/**
 * Token buckets in fixed arrays, for one thread: a key has two possible slots, and a new key takes the one refilled
 * least recently, so a flood of random sources churns the table without growing it and an active bucket is rarely
 * evicted. No allocation after construction.
 */
final class BucketTable {
    private final long[] keys;
    private final long[] stampNanos;
    private final double[] tokens;
    private final int[] over;
    private final int mask;
    private final double perNano;
    private final double burst;

    BucketTable(int size, int rate, int burst) {
        int capacity = Integer.highestOneBit(Math.max(16, size - 1)) << 1;
        keys = new long[capacity];
        stampNanos = new long[capacity];
        tokens = new double[capacity];
        over = new int[capacity];
        mask = capacity - 1;
        perNano = rate / 1e9;
        this.burst = burst;
    }

    /**
     * Takes a token from {@code key}'s bucket.
     *
     * @return 0 when a token was there; else how many replies have gone over the rate in this bucket, this one
     *         included (1, 2, 3...), so the caller can slip every n-th
     */
    int take(long key, long nowNanos) {
        int first = (int) key & mask;
        int second = (int) (key >>> 32) & mask;
        int slot;
        if (keys[first] == key) {
            slot = first;
        } else if (keys[second] == key) {
            slot = second;
        } else {
            slot = nowNanos - stampNanos[first] >= nowNanos - stampNanos[second] ? first : second;
            keys[slot] = key;
            stampNanos[slot] = nowNanos;
            tokens[slot] = burst - 1;
            over[slot] = 0;
            return 0;
        }
        double level = Math.min(burst, tokens[slot] + (nowNanos - stampNanos[slot]) * perNano);
        stampNanos[slot] = nowNanos;
        if (level >= 1) {
            tokens[slot] = level - 1;
            over[slot] = 0;
            return 0;
        }
        tokens[slot] = level;
        return ++over[slot] == Integer.MAX_VALUE ? over[slot] = 1 : over[slot];
    }

    int capacity() {
        return keys.length;
    }
}
