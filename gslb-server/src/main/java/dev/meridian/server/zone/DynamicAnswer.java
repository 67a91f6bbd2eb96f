package dev.meridian.server.zone;

import org.xbill.DNS.RRset;

/** What a dynamic node (a GSLB name) answers for one query. */
public sealed interface DynamicAnswer {
    /** Addresses of the chosen endpoints. */
    record Records(RRset rrset) implements DynamicAnswer {
    }

    /** The chosen endpoint is a CNAME. */
    record Alias(RRset cname) implements DynamicAnswer {
    }

    /** No endpoint can answer this type (or the all-down mode says NODATA). */
    record NoData() implements DynamicAnswer {
    }

    /** The all-down mode says SERVFAIL. */
    record ServFail() implements DynamicAnswer {
    }

    NoData NO_DATA = new NoData();
    ServFail SERV_FAIL = new ServFail();
}
