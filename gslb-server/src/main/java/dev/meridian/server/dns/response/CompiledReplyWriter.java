package dev.meridian.server.dns.response;

import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.query.RawQuery;
import dev.meridian.server.dns.query.WireHeader;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Type;

/**
 * Writes a compiled reply for a {@link RawQuery}: the template moved under the query's question, then the OPT record
 * as {@link ResponseWriter} writes it (payload size, DO echoed, NSID, the client subnet with its scope, the server cookie), byte for
 * byte. A reply that would not fit the query's limit is not written here: truncating is the full path's.
 */
public final class CompiledReplyWriter {
    private static final int OPT_FIXED = 11;
    private static final int OPTION_HEADER = 4;
    private static final int SUBNET_FIXED = 4;

    private final byte[] nsid;

    /** @param identity this server's name, sent as NSID to requesters that ask for it */
    public CompiledReplyWriter(String identity) {
        this.nsid = identity.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes the reply at the start of {@code out} with {@code ttl} in the TTL fields at {@code ttlFields} (offsets in
     * the template: a GSLB answer whose TTL health shortened); returns its length, or -1 when the full path must
     * write it (too long for the query's limit or for {@code out}, or for the compression pointers to reach).
     *
     * @param scope the ECS scope prefix length to return when the query carried a subnet
     */
    public int write(RawQuery query, ReplyTemplate template, int scope, int[] ttlFields, long ttl, byte[] out) {
        int opt = optLength(query);
        int length = template.length(query.nameLength()) + opt;
        if (length > query.replyLimit() || length > out.length) {
            return -1;
        }
        int p = template.write(query.wire(), query.nameLength(), out);
        if (p < 0) {
            return -1;
        }
        int shift = template.shift(query.nameLength());
        for (int field : ttlFields) {
            out[field + shift] = (byte) (ttl >>> 24);
            out[field + shift + 1] = (byte) (ttl >>> 16);
            out[field + shift + 2] = (byte) (ttl >>> 8);
            out[field + shift + 3] = (byte) ttl;
        }
        if (opt > 0) {
            writeOpt(query, scope, out, p, opt);
        }
        return length;
    }

    /**
     * Writes the reply cut to its header, question and OPT with TC set at the start of {@code out}, as
     * {@link ResponseWriter#truncated} writes a rate limiter's slip; returns its length, or -1 when it does not fit.
     */
    public int truncated(RawQuery query, ReplyTemplate template, byte[] out) {
        int opt = optLength(query);
        int length = WireHeader.LENGTH + query.nameLength() + 4 + opt;
        if (length > out.length) {
            return -1;
        }
        int p = template.writeTruncated(query.wire(), query.nameLength(), out);
        if (opt > 0) {
            writeOpt(query, 0, out, p, opt);
        }
        return length;
    }

    private int optLength(RawQuery query) {
        if (!query.hasEdns()) {
            return 0;
        }
        return OPT_FIXED + (withNsid(query) ? OPTION_HEADER + nsid.length : 0)
                + (query.hasClientSubnet() ? OPTION_HEADER + SUBNET_FIXED + subnetBytes(query) : 0)
                + (query.replyCookie() != null ? OPTION_HEADER + query.clientCookie().length
                        + query.replyCookie().length : 0);
    }

    private boolean withNsid(RawQuery query) {
        return query.nsidRequested() && nsid.length > 0;
    }

    private static int subnetBytes(RawQuery query) {
        return (query.clientSubnetSourcePrefix() + 7) / 8;
    }

    /** The OPT record, {@code opt} bytes at {@code p}, counted in the additional section. */
    private void writeOpt(RawQuery query, int scope, byte[] out, int p, int opt) {
        int additional = ((out[10] & 0xFF) << 8 | out[11] & 0xFF) + 1;
        out[10] = (byte) (additional >>> 8);
        out[11] = (byte) additional;
        out[p] = 0; // the root owner
        p = u16(out, p + 1, Type.OPT);
        p = u16(out, p, QueryReader.EDNS_UDP_LIMIT);
        out[p] = 0; // extended rcode: the templates hold NOERROR and NXDOMAIN only
        out[p + 1] = 0; // version
        out[p + 2] = (byte) (query.dnssecOk() ? 0x80 : 0);
        out[p + 3] = 0;
        p = u16(out, p + 4, opt - OPT_FIXED);
        if (withNsid(query)) {
            p = u16(out, p, EDNSOption.Code.NSID);
            p = u16(out, p, nsid.length);
            System.arraycopy(nsid, 0, out, p, nsid.length);
            p += nsid.length;
        }
        if (query.hasClientSubnet()) {
            int bytes = subnetBytes(query);
            p = u16(out, p, EDNSOption.Code.CLIENT_SUBNET);
            p = u16(out, p, SUBNET_FIXED + bytes);
            p = u16(out, p, query.clientSubnetFamily());
            out[p] = (byte) query.clientSubnetSourcePrefix();
            out[p + 1] = (byte) (query.clientSubnetSourcePrefix() == 0 ? 0 : scope);
            System.arraycopy(query.clientSubnetAddress(), 0, out, p + 2, bytes);
            p += 2 + bytes;
        }
        if (query.replyCookie() != null) {
            byte[] client = query.clientCookie();
            byte[] server = query.replyCookie();
            p = u16(out, p, EDNSOption.Code.COOKIE);
            p = u16(out, p, client.length + server.length);
            System.arraycopy(client, 0, out, p, client.length);
            System.arraycopy(server, 0, out, p + client.length, server.length);
        }
    }

    private static int u16(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 8);
        out[offset + 1] = (byte) value;
        return offset + 2;
    }
}
