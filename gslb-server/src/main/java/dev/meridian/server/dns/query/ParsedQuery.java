package dev.meridian.server.dns.query;

import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * A query that passed every check and can be answered.
 *
 * @param id message ID, echoed
 * @param recursionDesired RD, copied into the reply
 * @param question the question exactly as received (case preserved for 0x20)
 * @param opt the requester's OPT record, or {@code null} without EDNS
 * @param nsidRequested whether the requester asked for our identity (RFC 5001)
 * @param clientSubnet the EDNS Client Subnet option (RFC 7871), or {@code null}
 * @param replyLimit how many bytes the reply may take on this transport
 * @param cookie the DNS cookie option (RFC 7873), or {@code null}
 * @param validCookie whether the cookie's server part is one of ours, for this client (set by the cookie stage)
 * @param replyCookie the server cookie to send back, or {@code null} (set by the cookie stage)
 */
public record ParsedQuery(int id, boolean recursionDesired, Record question, OPTRecord opt, boolean nsidRequested,
        ClientSubnetOption clientSubnet, int replyLimit, CookieOption cookie, boolean validCookie,
        byte[] replyCookie) {

    /** A query as read, before the cookie stage looked at it. */
    public ParsedQuery(int id, boolean recursionDesired, Record question, OPTRecord opt, boolean nsidRequested,
            ClientSubnetOption clientSubnet, int replyLimit, CookieOption cookie) {
        this(id, recursionDesired, question, opt, nsidRequested, clientSubnet, replyLimit, cookie, false, null);
    }

    /** This query with its cookie checked: whether the server part is valid, and the one to send back. */
    public ParsedQuery withCookie(boolean valid, byte[] reply) {
        return new ParsedQuery(id, recursionDesired, question, opt, nsidRequested, clientSubnet, replyLimit, cookie,
                valid, reply);
    }

    public Name qname() {
        return question.getName();
    }

    public int qtype() {
        return question.getType();
    }

    public int qclass() {
        return question.getDClass();
    }

    public boolean hasEdns() {
        return opt != null;
    }
}
