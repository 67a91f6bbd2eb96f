package dev.meridian.server.zone;

import dev.meridian.server.request.QueryContext;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;

/**
 * Answers a question from the zones: follows CNAME chains inside the zone, gives referrals at zone cuts, puts the
 * SOA on negative answers and in-zone addresses of MX, NS and SRV targets in the additional section.
 */
public final class ZoneResolver {
    /** CNAME hops followed before giving up; a longer chain is a loop or a mistake. */
    static final int MAX_CHAIN = 8;

    private ZoneResolver() {
    }

    /**
     * Resolves one question; {@code REFUSED} when no served zone contains the name.
     *
     * @param context the client and health, for GSLB names; the prefix their answers depended on comes back as the
     *        resolution's scope (the widest of a CNAME chain's)
     */
    public static Resolution resolve(ZoneSet zones, Name qname, int qtype, QueryContext context) {
        return resolve(zones, qname, qtype, (node, type) -> node.answer(type, context));
    }

    /**
     * Resolves one question with the answers of GSLB names given by {@code step}: the query path asks each name for
     * the client; the answer compiler, and a query that already asked, give a fixed answer.
     */
    public static Resolution resolve(ZoneSet zones, Name qname, int qtype, DynamicStep step) {
        AuthoritativeZone zone = zones.zoneFor(qname);
        if (zone == null) {
            return Resolution.empty(Rcode.REFUSED);
        }
        List<RRset> answer = new ArrayList<>(2);
        Name current = qname;
        int scope = 0;
        ExtendedError stale = null;
        for (int hop = 0; ; hop++) {
            ZoneAnswer found = zone.find(current, qtype);
            if (found instanceof ZoneAnswer.Dynamic dynamic) {
                DynamicAnswer gslb = step.answer(dynamic.node(), qtype);
                scope = Math.max(scope, gslb.scope());
                if (gslb instanceof DynamicAnswer.ServFail) {
                    return new Resolution(Rcode.SERVFAIL, false, List.of(), List.of(), List.of(), scope, zone,
                            ExtendedError.ALL_DOWN);
                }
                if (gslb instanceof DynamicAnswer.Records r && r.stale()
                        || gslb instanceof DynamicAnswer.Alias a && a.stale()) {
                    stale = ExtendedError.STALE_HEALTH;
                }
                found = gslb instanceof DynamicAnswer.Records r ? new ZoneAnswer.Found(r.rrset())
                        : gslb instanceof DynamicAnswer.Alias a ? new ZoneAnswer.Alias(a.cname())
                        : ZoneAnswer.NO_DATA;
            }
            if (found instanceof ZoneAnswer.Found f) {
                answer.add(f.rrset());
                return new Resolution(Rcode.NOERROR, true, answer, List.of(), additional(zone, f.rrset(), answer),
                        scope, zone, stale);
            }
            if (found instanceof ZoneAnswer.Alias a) {
                answer.add(a.cname());
                Name target = ((CNAMERecord) a.cname().first()).getTarget();
                if (hop + 1 >= MAX_CHAIN || !target.subdomain(zone.origin())) {
                    return new Resolution(Rcode.NOERROR, true, answer, List.of(), List.of(), scope, zone, stale);
                }
                current = target;
                continue;
            }
            if (found instanceof ZoneAnswer.Referral r) {
                // A referral is not authoritative unless a CNAME in our own data led to it.
                return new Resolution(Rcode.NOERROR, !answer.isEmpty(), answer, List.of(r.ns()),
                        additional(zone, r.ns(), answer), scope, zone, stale);
            }
            // RFC 6604: the rcode describes the last name in the chain.
            int rcode = found instanceof ZoneAnswer.NxDomain ? Rcode.NXDOMAIN : Rcode.NOERROR;
            return new Resolution(rcode, true, answer, List.of(zone.negativeSoa()), List.of(), scope, zone, stale);
        }
    }

    private static List<RRset> additional(AuthoritativeZone zone, RRset rrset, List<RRset> answer) {
        List<RRset> extra = null;
        for (Record r : rrset.rrs(false)) {
            Name target = additionalTarget(r);
            if (target == null || !target.subdomain(zone.origin())) {
                continue;
            }
            for (RRset address : zone.addresses(target)) {
                if (extra == null) {
                    extra = new ArrayList<>(4);
                }
                if (!extra.contains(address) && !answer.contains(address)) {
                    extra.add(address);
                }
            }
        }
        return extra == null ? List.of() : extra;
    }

    private static Name additionalTarget(Record r) {
        if (r instanceof MXRecord mx) {
            return mx.getTarget();
        }
        if (r instanceof NSRecord ns) {
            return ns.getTarget();
        }
        if (r instanceof SRVRecord srv) {
            return srv.getTarget();
        }
        return null;
    }
}
