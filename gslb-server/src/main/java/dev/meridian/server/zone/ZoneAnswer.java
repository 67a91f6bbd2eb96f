package dev.meridian.server.zone;

import org.xbill.DNS.RRset;

/** What one zone holds for one name and type, before CNAME chains and additional data are assembled. */
public sealed interface ZoneAnswer {
    /** The RRset asked for; for a wildcard match its owner is already the query name. */
    record Found(RRset rrset) implements ZoneAnswer {
    }

    /** The name is an alias; the CNAME is part of the answer and its target is looked up next. */
    record Alias(RRset cname) implements ZoneAnswer {
    }

    /** The name is at or below a zone cut: the child's NS RRset. */
    record Referral(RRset ns) implements ZoneAnswer {
    }

    /** The name exists (possibly as an empty non-terminal) but has no data of the type. */
    record NoData() implements ZoneAnswer {
    }

    /** The name is a dynamic node (a GSLB name): its answer is computed for the query. */
    record Dynamic(DynamicNode node) implements ZoneAnswer {
    }

    /** The name does not exist and no wildcard covers it. */
    record NxDomain() implements ZoneAnswer {
    }

    NoData NO_DATA = new NoData();
    NxDomain NX_DOMAIN = new NxDomain();
}
