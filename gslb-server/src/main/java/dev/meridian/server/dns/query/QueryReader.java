package dev.meridian.server.dns.query;

import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns packet bytes into a query or a reason not to answer one. The raw header is checked before parsing, and any
 * exception from parsing (dnsjava throws unchecked ones on some malformed input) becomes FORMERR.
 */
public final class QueryReader {
    /** Without EDNS a UDP reply is at most 512 bytes (RFC 1035 section 4.2.1). */
    public static final int PLAIN_UDP_LIMIT = 512;
    /** Largest UDP reply we send, whatever the requester offers: avoids IP fragmentation (DNS flag day 2020). */
    public static final int EDNS_UDP_LIMIT = 1232;
    public static final int TCP_LIMIT = 65535;

    private static final QueryCheck SHORT = new QueryCheck.Dropped("shorter than a header");
    private static final QueryCheck RESPONSE = new QueryCheck.Dropped("a response, not a query");
    private static final QueryCheck NOT_IMPLEMENTED = new QueryCheck.Rejected(Rcode.NOTIMP, null);
    private static final QueryCheck FORMAT_ERROR = new QueryCheck.Rejected(Rcode.FORMERR, null);

    /** RFC 7873 section 4: a client cookie is 8 bytes, a server cookie 8 to 32. */
    static final int CLIENT_COOKIE = 8;
    static final int MIN_SERVER_COOKIE = 8;
    static final int MAX_SERVER_COOKIE = 32;

    private QueryReader() {
    }

    public static QueryCheck read(byte[] wire, Transport transport) {
        if (wire.length < WireHeader.LENGTH) {
            return SHORT;
        }
        if (WireHeader.isResponse(wire)) {
            return RESPONSE;
        }
        if (WireHeader.opcode(wire) != Opcode.QUERY) {
            return NOT_IMPLEMENTED;
        }
        // An IXFR query carries the client's SOA in the authority section (RFC 1995); any other query none.
        if (WireHeader.count(wire, Section.QUESTION) != 1
                || WireHeader.count(wire, Section.ANSWER) != 0
                || WireHeader.count(wire, Section.AUTHORITY) > 1) {
            return FORMAT_ERROR;
        }
        Message message;
        try {
            message = new Message(wire);
        } catch (Exception e) {
            return FORMAT_ERROR;
        }
        // With TC set, dnsjava keeps what it could read instead of failing, even no question at all.
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            if (message.getSection(section).size() != WireHeader.count(wire, section)) {
                return FORMAT_ERROR;
            }
        }
        return check(message, transport);
    }

    private static QueryCheck check(Message message, Transport transport) {
        OPTRecord opt = null;
        for (Record r : message.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.OPT) {
                if (opt != null) {
                    return FORMAT_ERROR; // RFC 6891 section 6.1.1: more than one OPT
                }
                opt = (OPTRecord) r;
            }
        }
        if (opt != null && !opt.getName().equals(Name.root)) {
            return FORMAT_ERROR;
        }
        boolean nsid = false;
        boolean malformed = false;
        ClientSubnetOption clientSubnet = null;
        CookieOption cookieOption = null;
        if (opt != null) {
            for (EDNSOption option : opt.getOptions()) {
                if (option.getCode() == EDNSOption.Code.NSID) {
                    nsid = true;
                } else if (option instanceof CookieOption cookie) {
                    malformed |= !validCookie(cookie) || cookieOption != null;
                    cookieOption = cookie;
                } else if (option instanceof ClientSubnetOption ecs) {
                    // dnsjava already refused a bad family, an over-long prefix and bits past the prefix; RFC 7871
                    // section 7.1.1 adds that a query's scope must be 0, and one option is all there can be.
                    malformed |= clientSubnet != null || ecs.getScopePrefixLength() != 0;
                    clientSubnet = ecs;
                }
            }
        }
        Record question = message.getQuestion();
        if (!message.getSection(Section.AUTHORITY).isEmpty() && (question.getType() != Type.IXFR
                || message.getSection(Section.AUTHORITY).get(0).getType() != Type.SOA)) {
            return FORMAT_ERROR;
        }
        ParsedQuery query = new ParsedQuery(message.getHeader().getID(), message.getHeader().getFlag(Flags.RD),
                question, opt, nsid, malformed ? null : clientSubnet, replyLimit(opt, transport),
                malformed ? null : cookieOption);
        if (opt != null && opt.getVersion() > 0) {
            return new QueryCheck.Rejected(Rcode.BADVERS, query);
        }
        if (malformed) {
            return new QueryCheck.Rejected(Rcode.FORMERR, query);
        }
        // Zone transfers are not served: refused over TCP, where they belong; NOTIMP for AXFR over UDP (RFC 5936
        // section 4.2), as NSD and Knot answer. Meta and pseudo types (OPT, TSIG, TKEY, MAILA, MAILB) are asked of
        // the zone like any other type and so get NODATA or NXDOMAIN, as the reference servers give.
        return switch (question.getType()) {
            case Type.AXFR -> new QueryCheck.Rejected(transport == Transport.UDP ? Rcode.NOTIMP : Rcode.REFUSED, query);
            case Type.IXFR -> new QueryCheck.Rejected(Rcode.REFUSED, query);
            default -> new QueryCheck.Accepted(query);
        };
    }

    private static boolean validCookie(CookieOption cookie) {
        return cookie.getClientCookie().length == CLIENT_COOKIE
                && cookie.getServerCookie().map(s -> s.length >= MIN_SERVER_COOKIE && s.length <= MAX_SERVER_COOKIE)
                        .orElse(true);
    }

    private static int replyLimit(OPTRecord opt, Transport transport) {
        if (transport == Transport.TCP) {
            return TCP_LIMIT;
        }
        if (opt == null) {
            return PLAIN_UDP_LIMIT;
        }
        return Math.min(Math.max(opt.getPayloadSize(), PLAIN_UDP_LIMIT), EDNS_UDP_LIMIT);
    }
}
