package dev.meridian.server.policy;

import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * An endpoint as answered for one GSLB name: its records built once at load with the name as owner and the name's
 * TTL, so answering costs no record construction.
 *
 * @param endpoint the endpoint
 * @param a its A RRset, or {@code null}
 * @param aaaa its AAAA RRset, or {@code null}
 * @param cname its CNAME RRset, or {@code null}
 */
public record Target(Endpoint endpoint, RRset a, RRset aaaa, RRset cname) {

    /** Whether this target can answer the type: CNAMEs answer every type, addresses their own. */
    public boolean answers(int qtype) {
        if (cname != null) {
            return true;
        }
        return rrsetFor(qtype) != null;
    }

    /** The address RRset for A or AAAA, or {@code null}. */
    public RRset rrsetFor(int qtype) {
        return switch (qtype) {
            case Type.A -> a;
            case Type.AAAA -> aaaa;
            default -> null;
        };
    }

    public Region region() {
        return endpoint.region();
    }
}
