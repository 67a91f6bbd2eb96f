package dev.meridian.server.dns.response;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.query.WireHeader;
import dev.meridian.server.zone.ExtendedError;
import dev.meridian.server.zone.Resolution;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Type;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Builds reply messages: header flags, the echoed question, the sections of a {@link Resolution}, our OPT record
 * (payload size, extended rcode, NSID), and the wire form cut to the reply limit. dnsjava's {@code toWire(max)} drops
 * whole RRsets and sets TC when the answer or authority section does not fit, so an RRset is never cut silently.
 */
public final class ResponseWriter {
    private final List<EDNSOption> nsid;

    /** @param identity this server's name, sent as NSID to requesters that ask for it */
    public ResponseWriter(String identity) {
        this.nsid = identity.isEmpty() ? List.of()
                : List.of(new NSIDOption(identity.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The reply to an answerable query.
     *
     * @param ecsScope the SCOPE PREFIX-LENGTH to echo when the query carried a client subnet
     */
    public byte[] write(ParsedQuery query, Resolution resolution, int ecsScope) {
        Message reply = new Message(query.id());
        reply.getHeader().setFlag(Flags.QR);
        if (resolution.authoritative()) {
            reply.getHeader().setFlag(Flags.AA);
        }
        if (query.recursionDesired()) {
            reply.getHeader().setFlag(Flags.RD);
        }
        int rcode = resolution.rcode();
        reply.getHeader().setRcode(rcode & 0x0F);
        reply.addRecord(query.question(), Section.QUESTION);
        add(reply, resolution.answer(), Section.ANSWER);
        add(reply, resolution.authority(), Section.AUTHORITY);
        add(reply, resolution.additional(), Section.ADDITIONAL);
        if (query.hasEdns()) {
            reply.addRecord(new OPTRecord(QueryReader.EDNS_UDP_LIMIT, rcode >>> 4, 0, doBit(query),
                    options(query, ecsScope, rcode, resolution.extendedError())), Section.ADDITIONAL);
        }
        return reply.toWire(query.replyLimit());
    }

    /**
     * The resolution's header and the question, no records, TC set: a slip of the rate limiter, small enough that a
     * spoofed query gains nothing from it and a real client asks again over TCP (RFC 5452's answer to spoofing).
     */
    public byte[] truncated(ParsedQuery query, Resolution resolution) {
        Message reply = new Message(query.id());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.TC);
        if (resolution.authoritative()) {
            reply.getHeader().setFlag(Flags.AA);
        }
        if (query.recursionDesired()) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setRcode(resolution.rcode() & 0x0F);
        reply.addRecord(query.question(), Section.QUESTION);
        if (query.hasEdns()) {
            reply.addRecord(new OPTRecord(QueryReader.EDNS_UDP_LIMIT, resolution.rcode() >>> 4, 0, doBit(query),
                    options(query, 0, resolution.rcode(), null)), Section.ADDITIONAL);
        }
        return reply.toWire(query.replyLimit());
    }

    /** A reply with an error rcode and no data, to a query whose question could be read. */
    public byte[] reject(ParsedQuery query, int rcode) {
        return write(query, Resolution.empty(rcode), 0);
    }

    /** RFC 3225: the DO bit of the query is copied into the reply's OPT. */
    private static int doBit(ParsedQuery query) {
        return query.opt().getFlags() & ExtendedFlags.DO;
    }

    private List<EDNSOption> options(ParsedQuery query, int ecsScope, int rcode, ExtendedError error) {
        ClientSubnetOption ecs = query.clientSubnet();
        if (ecs == null && query.replyCookie() == null && rcode != Rcode.REFUSED && error == null) {
            return query.nsidRequested() ? nsid : List.of();
        }
        List<EDNSOption> options = new ArrayList<>(4);
        if (query.nsidRequested() && !nsid.isEmpty()) {
            options.add(nsid.get(0));
        }
        if (ecs != null) {
            // RFC 7871 section 7.2.1: echo family, source prefix and address; the scope says how far the answer holds.
            options.add(new ClientSubnetOption(ecs.getSourcePrefixLength(), ecsScope, ecs.getAddress()));
        }
        if (query.replyCookie() != null) {
            options.add(new CookieOption(query.cookie().getClientCookie(), query.replyCookie()));
        }
        if (rcode == Rcode.REFUSED) {
            // RFC 8914: say why. A transfer is refused by policy; any other name is simply not ours.
            boolean transfer = query.qtype() == Type.AXFR || query.qtype() == Type.IXFR;
            options.add(new ExtendedErrorCodeOption(transfer ? ExtendedErrorCodeOption.PROHIBITED
                    : ExtendedErrorCodeOption.NOT_AUTHORITATIVE));
        }
        if (error != null) {
            options.add(new ExtendedErrorCodeOption(error.code(), error.text()));
        }
        return options;
    }

    /**
     * A reply built from the request's header alone, for packets whose question cannot be trusted: ID, opcode and RD
     * copied, QR and the rcode set, every count zero.
     */
    public static byte[] headerOnly(byte[] request, int rcode) {
        byte[] reply = new byte[WireHeader.LENGTH];
        reply[0] = request[0];
        reply[1] = request[1];
        reply[2] = (byte) (0x80 | (request[2] & 0x78) | (request[2] & 0x01));
        reply[3] = (byte) (rcode & 0x0F);
        return reply;
    }

    private static void add(Message reply, List<RRset> sets, int section) {
        for (RRset set : sets) {
            for (Record r : set.rrs(false)) {
                reply.addRecord(r, section);
            }
            // Present only when the signing stage added them: each RRset's signatures follow it.
            for (Record sig : set.sigs()) {
                reply.addRecord(sig, section);
            }
        }
    }
}
