package dev.meridian.server.dns.compiled;

import dev.meridian.server.dns.query.NameHash;
import dev.meridian.server.zone.ZoneSet;

/**
 * The compiled names of one zone set, found by their lowercase wire form in an open-addressing table: a query name
 * is looked up as bytes, never as a string or a dnsjava {@code Name}. Immutable.
 */
public final class CompiledAnswers {
    private final ZoneSet zones;
    private final byte[][] keys;
    private final int[] hashes;
    private final CompiledName[] values;
    private final int mask;
    private final int names;
    private final int templates;

    CompiledAnswers(ZoneSet zones, byte[][] keys, CompiledName[] values, int templates) {
        this.zones = zones;
        this.names = keys.length;
        this.templates = templates;
        int capacity = Integer.highestOneBit(Math.max(4, keys.length * 2 + 1)) << 1;
        this.keys = new byte[capacity][];
        this.hashes = new int[capacity];
        this.values = new CompiledName[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            int hash = NameHash.of(keys[i], 0, keys[i].length);
            int slot = hash & mask;
            while (this.keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            this.keys[slot] = keys[i];
            this.hashes[slot] = hash;
            this.values[slot] = values[i];
        }
    }

    /** How many names are compiled (guards included). */
    public int names() {
        return names;
    }

    /** How many distinct replies the names share. */
    public int templates() {
        return templates;
    }

    /** The zone set these answers were compiled from: they answer only for it. */
    public ZoneSet zones() {
        return zones;
    }

    /**
     * The compiled answer for a query: for the name when it is compiled, else for the names below its longest
     * compiled ancestor; {@code null} when the full path must answer.
     *
     * @param name the query name in lowercase wire form, at offset 0
     * @param labelStarts the offset of each label of the name, {@code labels} of them (the root not counted)
     * @param slot the query type's {@link QtypeSlots slot}
     */
    public Compiled find(byte[] name, int length, int[] labelStarts, int labels, int slot) {
        CompiledName exact = get(name, 0, length);
        if (exact != null) {
            return exact.exact()[slot];
        }
        for (int label = 1; label < labels; label++) {
            int start = labelStarts[label];
            CompiledName ancestor = get(name, start, length - start);
            if (ancestor != null) {
                return ancestor.below()[slot];
            }
        }
        return null;
    }

    private CompiledName get(byte[] name, int offset, int length) {
        int hash = NameHash.of(name, offset, length);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                return null;
            }
            if (hashes[slot] == hash && java.util.Arrays.equals(key, 0, key.length, name, offset, offset + length)) {
                return values[slot];
            }
        }
    }
}
