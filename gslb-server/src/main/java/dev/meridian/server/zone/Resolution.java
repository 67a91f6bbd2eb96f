package dev.meridian.server.zone;

import java.util.List;
import org.xbill.DNS.RRset;

/**
 * The data of a response, before it becomes a message: rcode, whether it is authoritative, the RRsets of each
 * section in order, and how many leading bits of the client address the answer depended on (the ECS scope before it
 * is bounded by the query's source prefix), and the zone that answered, for the observers (metrics count by zone).
 *
 * @param zone the zone that answered, or {@code null} when none did (REFUSED, CHAOS)
 * @param extendedError why the answer is what it is (RFC 8914), or {@code null}
 */
public record Resolution(int rcode, boolean authoritative, List<RRset> answer, List<RRset> authority,
        List<RRset> additional, int scope, AuthoritativeZone zone, ExtendedError extendedError) {

    /** A response from a zone, with no extended error. */
    public Resolution(int rcode, boolean authoritative, List<RRset> answer, List<RRset> authority,
            List<RRset> additional, int scope, AuthoritativeZone zone) {
        this(rcode, authoritative, answer, authority, additional, scope, zone, null);
    }

    /** A response from no zone that does not depend on the client. */
    public Resolution(int rcode, boolean authoritative, List<RRset> answer, List<RRset> authority,
            List<RRset> additional) {
        this(rcode, authoritative, answer, authority, additional, 0, null, null);
    }

    public Resolution {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** A response with no data, such as REFUSED. */
    public static Resolution empty(int rcode) {
        return new Resolution(rcode, false, List.of(), List.of(), List.of());
    }
}
