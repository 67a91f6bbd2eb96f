package dev.meridian.server.zone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone's data as an immutable lookup structure, safe to read from any thread without locks.
 *
 * <p>Built straight from the records the zone file reader yields, each RRset by dnsjava's {@link RRset} (which drops
 * duplicate records, gives the set one TTL and keeps an RRSIG with the set it covers). dnsjava's {@code Zone} is not
 * used: building its sorted map for a zone of 100 000 records cost more than all the rest of the zone's load, and
 * its {@code findRecords} reports empty non-terminals as NXDOMAIN, lets a wildcard match below an existing name, and
 * answers NXDOMAIN where a wildcard owns the name but not the type. This class follows RFC 1034 section 4.3.2 and
 * RFC 4592 instead: a wildcard applies only at the closest encloser of a name that does not exist.
 */
public final class AuthoritativeZone {
    private final Name origin;
    private final SOARecord soa;
    private final RRset negativeSoa;
    private final Map<Name, RRset[]> nodes;
    private final Set<Name> emptyNonTerminals;
    private final Map<Name, RRset[]> wildcardsByParent;
    private final Set<Name> cuts;
    private final Map<Name, DynamicNode> dynamicNodes;

    /**
     * Builds the lookup structure from a zone's records, already checked to lie inside the zone with one SOA at its
     * apex and an NS there, and the GSLB names its policy file defines.
     *
     * @throws DynamicNodeConflict when a GSLB name also has zone data or lies below a delegation
     */
    public AuthoritativeZone(Name origin, List<Record> records, List<? extends DynamicNode> gslb) {
        this.origin = origin;
        Map<Name, List<RRset>> byName = new HashMap<>();
        for (Record r : records) {
            List<RRset> sets = byName.computeIfAbsent(r.getName(), n -> new ArrayList<>(1));
            RRset set = find(sets, r.getRRsetType());
            if (set == null) {
                sets.add(new RRset(r));
            } else {
                set.addRR(r);
            }
        }
        List<RRset> apex = byName.get(origin);
        // The apex lists its SOA, then its NS, as dnsjava's zone did: ANY at the apex answers with the SOA.
        apex.sort(Comparator.comparingInt(set -> set.getType() == Type.SOA ? 0 : set.getType() == Type.NS
                ? 1 : 2));
        this.soa = (SOARecord) apex.get(0).first();
        // RFC 2308 section 5: the negative-caching TTL is the lesser of the SOA's own TTL and its MINIMUM field.
        this.negativeSoa = new RRset(new SOARecord(origin, soa.getDClass(), Math.min(soa.getTTL(), soa.getMinimum()),
                soa.getHost(), soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(),
                soa.getMinimum()));

        Map<Name, RRset[]> nodes = new HashMap<>();
        Map<Name, RRset[]> wildcards = new HashMap<>();
        Set<Name> cuts = new HashSet<>();
        Set<Name> ents = new HashSet<>();
        for (Map.Entry<Name, List<RRset>> e : byName.entrySet()) {
            Name name = e.getKey();
            RRset[] sets = e.getValue().toArray(RRset[]::new);
            nodes.put(name, sets);
            if (name.isWild()) {
                wildcards.put(new Name(name, 1), sets);
            }
            if (!name.equals(origin) && find(sets, Type.NS) != null) {
                cuts.add(name);
            }
            for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
                ents.add(new Name(name, strip));
            }
        }
        Map<Name, DynamicNode> dynamic = new HashMap<>();
        for (DynamicNode g : gslb) {
            Name name = g.name();
            if (nodes.containsKey(name)) {
                throw new DynamicNodeConflict(g, "GSLB name " + name + " also has records in the zone file; "
                        + "a name is answered either by policy or by zone data");
            }
            Name cut = cutAbove(name, cuts);
            if (cut != null) {
                throw new DynamicNodeConflict(g, "GSLB name " + name + " is below the delegation " + cut);
            }
            if (dynamic.put(name, g) != null) {
                throw new DynamicNodeConflict(g, "GSLB name " + name + " is defined twice");
            }
            for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
                ents.add(new Name(name, strip));
            }
        }
        ents.removeAll(nodes.keySet());
        ents.removeAll(dynamic.keySet());
        this.dynamicNodes = Map.copyOf(dynamic);
        this.nodes = Map.copyOf(nodes);
        this.wildcardsByParent = Map.copyOf(wildcards);
        this.cuts = Set.copyOf(cuts);
        this.emptyNonTerminals = Set.copyOf(ents);
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    /** The SOA for the authority section of negative answers, with the RFC 2308 TTL. */
    public RRset negativeSoa() {
        return negativeSoa;
    }

    /** Looks up a name at or below the origin. */
    public ZoneAnswer find(Name qname, int qtype) {
        int qlabels = qname.labels();
        int olabels = origin.labels();
        if (!cuts.isEmpty()) {
            for (int labels = olabels + 1; labels <= qlabels; labels++) {
                Name ancestor = labels == qlabels ? qname : new Name(qname, qlabels - labels);
                // DS belongs to the parent side of a cut (RFC 4035 section 3.1.4.1).
                if (cuts.contains(ancestor) && !(labels == qlabels && qtype == Type.DS)) {
                    return new ZoneAnswer.Referral(find(nodes.get(ancestor), Type.NS));
                }
            }
        }
        RRset[] node = nodes.get(qname);
        if (node != null) {
            return fromNode(node, qtype, null);
        }
        if (!dynamicNodes.isEmpty()) {
            DynamicNode gslb = dynamicNodes.get(qname);
            if (gslb != null) {
                return new ZoneAnswer.Dynamic(gslb);
            }
        }
        if (emptyNonTerminals.contains(qname)) {
            return ZoneAnswer.NO_DATA;
        }
        if (wildcardsByParent.isEmpty()) {
            return ZoneAnswer.NX_DOMAIN;
        }
        RRset[] wildcard = wildcardsByParent.get(closestEncloser(qname));
        return wildcard == null ? ZoneAnswer.NX_DOMAIN : fromNode(wildcard, qtype, qname);
    }

    /**
     * The types of the zone data owned by {@code name} (none for a GSLB name, an empty non-terminal or a name that
     * does not exist): what a denial of one type at the name says the name has.
     */
    public int[] typesAt(Name name) {
        RRset[] node = nodes.get(name);
        if (node == null) {
            return new int[0];
        }
        int[] types = new int[node.length];
        for (int i = 0; i < node.length; i++) {
            types[i] = node[i].getType();
        }
        return types;
    }

    /**
     * The RRsets this zone is authoritative for, which DNSSEC signs: everything but the NS RRsets of delegations and
     * the data below them (glue belongs to the child); DS at a delegation is the parent's and is included.
     */
    public List<RRset> authoritativeRRsets() {
        List<RRset> sets = new ArrayList<>();
        for (Map.Entry<Name, RRset[]> node : nodes.entrySet()) {
            Name name = node.getKey();
            boolean atCut = cuts.contains(name);
            boolean belowCut = !name.equals(origin) && cutAbove(new Name(name, 1), cuts) != null;
            for (RRset set : node.getValue()) {
                if (!belowCut && (!atCut || set.getType() == Type.DS)) {
                    sets.add(set);
                }
            }
        }
        return sets;
    }

    /** Every owner name with zone data, wildcards included (as {@code *} names). */
    public Set<Name> names() {
        return nodes.keySet();
    }

    /** Names that exist only because names below them do. */
    public Set<Name> emptyNonTerminals() {
        return emptyNonTerminals;
    }

    /** Whether {@code name} is a delegation to a child zone or lies below one. */
    public boolean atOrBelowCut(Name name) {
        for (Name cut : cuts) {
            if (name.subdomain(cut)) {
                return true;
            }
        }
        return false;
    }

    /** The zone's dynamic nodes (GSLB names). */
    public java.util.Collection<DynamicNode> dynamicNodes() {
        return dynamicNodes.values();
    }

    /** Address RRsets (A, AAAA) at a name, ignoring zone cuts: this is how glue is found. */
    public List<RRset> addresses(Name name) {
        RRset[] node = nodes.get(name);
        if (node == null) {
            return List.of();
        }
        RRset a = find(node, Type.A);
        RRset aaaa = find(node, Type.AAAA);
        if (a == null) {
            return aaaa == null ? List.of() : List.of(aaaa);
        }
        return aaaa == null ? List.of(a) : List.of(a, aaaa);
    }

    /** The delegation at or above {@code name}, or null: one look-up per label, not one test per delegation. */
    private Name cutAbove(Name name, Set<Name> cuts) {
        if (cuts.isEmpty()) {
            return null;
        }
        for (int strip = 0; name.labels() - strip > origin.labels(); strip++) {
            Name ancestor = strip == 0 ? name : new Name(name, strip);
            if (cuts.contains(ancestor)) {
                return ancestor;
            }
        }
        return null;
    }

    private Name closestEncloser(Name qname) {
        int qlabels = qname.labels();
        for (int strip = 1; qlabels - strip >= origin.labels(); strip++) {
            Name ancestor = new Name(qname, strip);
            if (nodes.containsKey(ancestor) || emptyNonTerminals.contains(ancestor) || dynamicNodes.containsKey(ancestor)) {
                return ancestor;
            }
        }
        return origin;
    }

    private static ZoneAnswer fromNode(RRset[] node, int qtype, Name synthesizedOwner) {
        if (qtype == Type.ANY) {
            // RFC 8482: one RRset is a complete answer to ANY.
            return new ZoneAnswer.Found(owned(node[0], synthesizedOwner));
        }
        RRset match = find(node, qtype);
        if (match != null) {
            return new ZoneAnswer.Found(owned(match, synthesizedOwner));
        }
        RRset cname = find(node, Type.CNAME);
        if (cname != null) {
            return new ZoneAnswer.Alias(owned(cname, synthesizedOwner));
        }
        return ZoneAnswer.NO_DATA;
    }

    private static RRset owned(RRset set, Name owner) {
        if (owner == null) {
            return set;
        }
        RRset synthesized = new RRset();
        for (Record r : set.rrs(false)) {
            synthesized.addRR(r.withName(owner));
        }
        return synthesized;
    }

    private static RRset find(List<RRset> sets, int type) {
        for (RRset set : sets) {
            if (set.getType() == type) {
                return set;
            }
        }
        return null;
    }

    private static RRset find(RRset[] node, int type) {
        for (RRset set : node) {
            if (set.getType() == type) {
                return set;
            }
        }
        return null;
    }
}
