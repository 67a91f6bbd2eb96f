package dev.meridian.server.policy;

import org.xbill.DNS.RRset;

/** What a GSLB name answers for one query. */
public sealed interface GslbAnswer {
    /** Addresses of the chosen endpoints. */
    record Records(RRset rrset) implements GslbAnswer {
    }

    /** The chosen endpoint is a CNAME. */
    record Alias(RRset cname) implements GslbAnswer {
    }

    /** No endpoint can answer this type (or the all-down mode says NODATA). */
    record NoData() implements GslbAnswer {
    }

    /** The all-down mode says SERVFAIL. */
    record ServFail() implements GslbAnswer {
    }

    NoData NO_DATA = new NoData();
    ServFail SERV_FAIL = new ServFail();
}
