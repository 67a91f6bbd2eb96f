package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;

/**
 * A stage before resolution that may answer a query itself (DNS cookies: BADCOOKIE, or TC over UDP for a client
 * without a valid server cookie).
 */
@FunctionalInterface
public interface AdmissionStage {
    /** Lets every query through. */
    AdmissionStage NONE = (query, source, transport) -> null;

    /** The answer to give instead of resolving, or {@code null} to resolve. */
    Answer admit(ParsedQuery query, InetAddress source, Transport transport);

    /**
     * Whether a query with no EDNS option but NSID and a client subnet always passes this stage unchanged, so such
     * queries may be answered from compiled replies without it.
     */
    default boolean passesPlainQueries() {
        return this == NONE;
    }

    /** What this stage learned about the query, for the stages after it (a cookie's validity); the query by default. */
    default ParsedQuery annotate(ParsedQuery query, InetAddress source) {
        return query;
    }
}
