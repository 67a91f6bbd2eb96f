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
     */
    record Records(RRset rrset, int scope, boolean stale) implements DynamicAnswer {
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
