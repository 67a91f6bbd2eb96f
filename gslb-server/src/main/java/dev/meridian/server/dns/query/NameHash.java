package dev.meridian.server.dns.query;

import org.xbill.DNS.Name;

/**
 * One hash of a name for every place that keys by name on the query path (compiled answers, rate-limit buckets):
 * FNV-1a over the lowercase wire form, so a name read from packet bytes and the same name as a dnsjava {@link Name}
 * hash alike.
 */
public final class NameHash {
    private NameHash() {
    }

    /** The hash of a name in lowercase wire form. */
    public static int of(byte[] lowercaseWire, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (lowercaseWire[i] & 0xFF)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The hash of a name (allocates its wire form: for the full path and for compiling, not for the fast path). */
    public static int of(Name name) {
        byte[] wire = name.toWireCanonical();
        return of(wire, 0, wire.length);
    }
}
