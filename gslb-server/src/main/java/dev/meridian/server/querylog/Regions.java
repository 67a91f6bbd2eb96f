package dev.meridian.server.querylog;

import dev.meridian.server.policy.Endpoint;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.GslbNames;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Which region a GSLB answer sent the client to, found from the answer's address or CNAME target: built once per
 * configuration on the writer thread, so the query path carries no region of its own.
 */
final class Regions {
    private final GslbNames names;
    private final Set<Name> gslbNames = new HashSet<>();
    private final Map<InetAddress, String> byAddress = new HashMap<>();
    private final Map<Name, String> byTarget = new HashMap<>();

    Regions(GslbNames names) {
        this.names = names;
        for (GslbName name : names.all()) {
            gslbNames.add(name.name());
        }
        for (Endpoint endpoint : names.endpoints()) {
            String region = endpoint.region().name();
            endpoint.ipv4().forEach(a -> byAddress.putIfAbsent(a, region));
            endpoint.ipv6().forEach(a -> byAddress.putIfAbsent(a, region));
            if (endpoint.cname() != null) {
                byTarget.putIfAbsent(endpoint.cname(), region);
            }
        }
    }

    /** Whether these regions are the ones of {@code current}. */
    boolean of(GslbNames current) {
        return names == current;
    }

    /** The region of the first answer record, when the question is a GSLB name; else {@code null}. */
    String of(Name qname, org.xbill.DNS.Record first) {
        if (first == null || !gslbNames.contains(qname)) {
            return null;
        }
        if (first instanceof org.xbill.DNS.ARecord a) {
            return byAddress.get(a.getAddress());
        }
        if (first instanceof org.xbill.DNS.AAAARecord aaaa) {
            return byAddress.get(aaaa.getAddress());
        }
        if (first instanceof org.xbill.DNS.CNAMERecord cname) {
            return byTarget.get(cname.getTarget());
        }
        return null;
    }
}
