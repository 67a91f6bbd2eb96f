package dev.meridian.server.zone;

import org.xbill.DNS.RRset;

/**
 * What a dynamic node (a GSLB name) answers for one query, with the prefix of the client address the answer
 * depended on (0 when it did not look at the client): the ECS scope travels with the answer.
 */
public sealed interface DynamicAnswer {
    int scope();

    /**
     * Addresses of the chosen endpoints.
     *
     * @param stale whether the health of an answered endpoint is stale (no fresh votes back it)
     * @param usual the one endpoint's RRset this answer is, or is with a shorter TTL; {@code null} when it merges
     *        several endpoints
     */
    record Records(RRset rrset, int scope, boolean stale, RRset usual) implements DynamicAnswer {
        /** The answer of one endpoint's RRset as it is. */
        public Records(RRset rrset, int scope, boolean stale) {
            this(rrset, scope, stale, rrset);
        }
    }

    /**
     * The chosen endpoint is a CNAME.
     *
     * @param stale whether the endpoint's health is stale
     */
    record Alias(RRset cname, int scope, boolean stale) implements DynamicAnswer {
    }

    /** No endpoint can answer this type (or the all-down mode says NODATA). */
    record NoData(int scope) implements DynamicAnswer {
    }

    /** The all-down mode says SERVFAIL. */
    record ServFail(int scope) implements DynamicAnswer {
    }
}
