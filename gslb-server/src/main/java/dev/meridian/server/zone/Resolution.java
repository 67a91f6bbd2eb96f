package dev.meridian.server.zone;

import java.util.List;
import org.xbill.DNS.RRset;

/**
 * The data of a response, before it becomes a message: rcode, whether it is authoritative, and the RRsets of each
 * section in order.
 */
public record Resolution(int rcode, boolean authoritative, List<RRset> answer, List<RRset> authority,
        List<RRset> additional) {

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
