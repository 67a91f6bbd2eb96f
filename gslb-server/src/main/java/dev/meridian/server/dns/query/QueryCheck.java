package dev.meridian.server.dns.query;

/**
 * The outcome of reading a packet: a query to answer, a reply made from the header alone, an EDNS version we do not
 * speak, or nothing at all.
 */
public sealed interface QueryCheck {
    /** Answer it. */
    record Accepted(ParsedQuery query) implements QueryCheck {
    }

    /**
     * Reply with this rcode and no data. {@code query} is set when the question could be read, so the reply can echo
     * it with EDNS; otherwise the reply is built from the raw header.
     */
    record Rejected(int rcode, ParsedQuery query) implements QueryCheck {
    }

    /** Not worth a reply: a response, or fewer bytes than a header. */
    record Dropped(String reason) implements QueryCheck {
    }
}
