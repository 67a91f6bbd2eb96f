package dev.meridian.server.dns.compiled;

import org.xbill.DNS.Type;

/**
 * The query types answers are compiled for: the data types most queries ask. Others (ANY, DS, DNSSEC types, meta
 * types) take the full path, whose special cases they are.
 */
public final class QtypeSlots {
    static final int[] TYPES = {Type.A, Type.AAAA, Type.CNAME, Type.NS, Type.SOA, Type.MX, Type.TXT, Type.SRV,
        Type.PTR, Type.CAA, Type.HTTPS, Type.SVCB, Type.NAPTR};
    static final int COUNT = TYPES.length;

    private QtypeSlots() {
    }

    /** The slot of a query type, or -1 when its answers are not compiled. */
    public static int slot(int qtype) {
        return switch (qtype) {
            case Type.A -> 0;
            case Type.AAAA -> 1;
            case Type.CNAME -> 2;
            case Type.NS -> 3;
            case Type.SOA -> 4;
            case Type.MX -> 5;
            case Type.TXT -> 6;
            case Type.SRV -> 7;
            case Type.PTR -> 8;
            case Type.CAA -> 9;
            case Type.HTTPS -> 10;
            case Type.SVCB -> 11;
            case Type.NAPTR -> 12;
            default -> -1;
        };
    }
}
