package dev.meridian.server.dns.query;

import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Type;

/**
 * The common query read straight from its bytes, without building a dnsjava {@code Message}: one question of class
 * IN, no other records but an OPT of version 0 whose only options are NSID (empty), a well-formed client subnet and
 * a well-formed DNS cookie.
 * Anything else is not read here and takes {@link QueryReader}, which stays the reference for every check. One per
 * thread that answers queries, reused for every query it reads: reading allocates nothing.
 */
public final class RawQuery {
    private static final int MAX_NAME = 255;
    private static final int FAMILY_IPV4 = 1;
    private static final int FAMILY_IPV6 = 2;

    private byte[] wire;
    private int nameLength;
    private final byte[] name = new byte[MAX_NAME];
    private final int[] labelStarts = new int[MAX_NAME / 2 + 1];
    private int labels;
    private int qtype;
    private boolean edns;
    private int replyLimit;
    private boolean dnssecOk;
    private boolean nsid;
    private int ecsFamily;
    private int ecsSourcePrefix;
    private final byte[] ecsAddress = new byte[16];
    private final byte[] clientCookie = new byte[QueryReader.CLIENT_COOKIE];
    private boolean cookie;
    private byte[] serverCookie;
    private boolean validCookie;
    private byte[] replyCookie;

    /**
     * Reads {@code wire} when it is a common query.
     *
     * @return whether it was; when not, nothing else here is meaningful
     */
    public boolean read(byte[] wire, Transport transport) {
        return read(wire, wire.length, transport);
    }

    /**
     * Reads the query in the first {@code length} bytes of {@code wire} (a buffer reused for each datagram) when it
     * is a common query.
     *
     * @return whether it was; when not, nothing else here is meaningful
     */
    public boolean read(byte[] wire, int length, Transport transport) {
        this.wire = wire;
        // QR clear, opcode QUERY, TC clear; one question, no answer or authority records, at most an OPT.
        if (length < WireHeader.LENGTH + 5 || (wire[2] & 0xFA) != 0 || u16(wire, 4) != 1 || u16(wire, 6) != 0
                || u16(wire, 8) != 0 || u16(wire, 10) > 1) {
            return false;
        }
        int p = WireHeader.LENGTH;
        labels = 0;
        while (true) {
            int label = wire[p] & 0xFF;
            if (label == 0) {
                break;
            }
            if (label > 63 || p + 1 + label >= length || p + 1 + label - WireHeader.LENGTH >= MAX_NAME) {
                return false;
            }
            int at = p - WireHeader.LENGTH;
            labelStarts[labels++] = at;
            name[at] = (byte) label;
            for (int i = 1; i <= label; i++) {
                byte b = wire[p + i];
                name[at + i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
            }
            p += 1 + label;
        }
        name[p - WireHeader.LENGTH] = 0;
        nameLength = p + 1 - WireHeader.LENGTH;
        p++;
        if (p + 4 > length) {
            return false;
        }
        qtype = u16(wire, p);
        if (u16(wire, p + 2) != DClass.IN) {
            return false;
        }
        p += 4;
        edns = u16(wire, 10) == 1;
        dnssecOk = false;
        nsid = false;
        ecsFamily = 0;
        cookie = false;
        serverCookie = null;
        validCookie = false;
        replyCookie = null;
        if (!edns) {
            replyLimit = transport == Transport.TCP ? QueryReader.TCP_LIMIT : QueryReader.PLAIN_UDP_LIMIT;
            return p == length;
        }
        // OPT: root owner, type, payload size, extended rcode, version 0, flags, options.
        if (p + 11 > length || wire[p] != 0 || u16(wire, p + 1) != Type.OPT || wire[p + 6] != 0) {
            return false;
        }
        int payload = u16(wire, p + 3);
        replyLimit = transport == Transport.TCP ? QueryReader.TCP_LIMIT
                : Math.min(Math.max(payload, QueryReader.PLAIN_UDP_LIMIT), QueryReader.EDNS_UDP_LIMIT);
        dnssecOk = (wire[p + 7] & 0x80) != 0;
        int end = p + 11 + u16(wire, p + 9);
        if (end != length) {
            return false;
        }
        p += 11;
        while (p < end) {
            if (p + 4 > end) {
                return false;
            }
            int code = u16(wire, p);
            int size = u16(wire, p + 2);
            p += 4;
            if (p + size > end) {
                return false;
            }
            if (code == EDNSOption.Code.NSID && size == 0 && !nsid) {
                nsid = true;
            } else if (code == EDNSOption.Code.CLIENT_SUBNET && ecsFamily == 0) {
                if (!readClientSubnet(p, size)) {
                    return false;
                }
            } else if (code == EDNSOption.Code.COOKIE && !cookie) {
                if (size != QueryReader.CLIENT_COOKIE
                        && (size < QueryReader.CLIENT_COOKIE + QueryReader.MIN_SERVER_COOKIE || size > QueryReader.CLIENT_COOKIE + QueryReader.MAX_SERVER_COOKIE)) {
                    return false;
                }
                cookie = true;
                System.arraycopy(wire, p, clientCookie, 0, QueryReader.CLIENT_COOKIE);
                if (size > QueryReader.CLIENT_COOKIE) {
                    serverCookie = java.util.Arrays.copyOfRange(wire, p + QueryReader.CLIENT_COOKIE, p + size);
                }
            } else {
                return false;
            }
            p += size;
        }
        return true;
    }

    /** RFC 7871 section 6, as strictly as dnsjava reads it; the query's scope must be 0 (section 7.1.1). */
    private boolean readClientSubnet(int p, int size) {
        if (size < 4) {
            return false;
        }
        int family = u16(wire, p);
        int source = wire[p + 2] & 0xFF;
        int scope = wire[p + 3] & 0xFF;
        int bytes = (source + 7) / 8;
        int max = family == FAMILY_IPV4 ? 32 : family == FAMILY_IPV6 ? 128 : -1;
        if (max < 0 || source > max || scope != 0 || size != 4 + bytes) {
            return false;
        }
        java.util.Arrays.fill(ecsAddress, (byte) 0);
        System.arraycopy(wire, p + 4, ecsAddress, 0, bytes);
        if (source % 8 != 0 && (ecsAddress[bytes - 1] & (0xFF >>> (source % 8))) != 0) {
            return false; // bits set past the source prefix
        }
        ecsFamily = family;
        ecsSourcePrefix = source;
        return true;
    }

    /** Whether the query carried a DNS cookie (RFC 7873). */
    public boolean hasCookie() {
        return cookie;
    }

    /** The client cookie, 8 bytes; meaningful with {@link #hasCookie()}. */
    public byte[] clientCookie() {
        return clientCookie;
    }

    /** The server cookie sent, or {@code null} when only a client cookie came. */
    public byte[] serverCookie() {
        return serverCookie;
    }

    /** What the cookie stage found: whether the server cookie is one of ours, and the one to send back. */
    public void cookieChecked(boolean valid, byte[] reply) {
        this.validCookie = valid;
        this.replyCookie = reply;
    }

    /** Whether the server cookie is one of ours for this client (set by the cookie stage). */
    public boolean validCookie() {
        return validCookie;
    }

    /** The server cookie to send back, or {@code null} (set by the cookie stage). */
    public byte[] replyCookie() {
        return replyCookie;
    }

    /** The query as received. */
    public byte[] wire() {
        return wire;
    }

    /** The question name in wire form, lowercase, at offset 0 of {@link #name()}. */
    public byte[] name() {
        return name;
    }

    public int nameLength() {
        return nameLength;
    }

    /** Where each label of the name starts in {@link #name()}; {@link #labels()} of them, the root not counted. */
    public int[] labelStarts() {
        return labelStarts;
    }

    public int labels() {
        return labels;
    }

    public int qtype() {
        return qtype;
    }

    public boolean hasEdns() {
        return edns;
    }

    /** How many bytes the reply may take on this transport. */
    public int replyLimit() {
        return replyLimit;
    }

    /** The DO bit (RFC 3225), echoed in the reply's OPT. */
    public boolean dnssecOk() {
        return dnssecOk;
    }

    public boolean nsidRequested() {
        return nsid;
    }

    /** Whether the query carried a client subnet (RFC 7871). */
    public boolean hasClientSubnet() {
        return ecsFamily != 0;
    }

    /** 1 for IPv4, 2 for IPv6. */
    public int clientSubnetFamily() {
        return ecsFamily;
    }

    public int clientSubnetSourcePrefix() {
        return ecsSourcePrefix;
    }

    /** The subnet's address, zero-padded to 4 or 16 bytes by family. */
    public byte[] clientSubnetAddress() {
        return ecsAddress;
    }

    private static int u16(byte[] wire, int offset) {
        return (wire[offset] & 0xFF) << 8 | wire[offset + 1] & 0xFF;
    }
}
