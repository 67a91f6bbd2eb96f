package dev.meridian.server.dns.compiled;

import dev.meridian.server.dns.query.NameHash;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.response.ReplyTemplate;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.DynamicAnswer;
import dev.meridian.server.zone.DynamicNode;
import dev.meridian.server.zone.DynamicStep;
import dev.meridian.server.zone.Resolution;
import dev.meridian.server.zone.ZoneResolver;
import dev.meridian.server.zone.ZoneSet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Compiles a zone set's answers by asking the full path: each reply is what {@link ZoneResolver} and
 * {@link ResponseWriter} produce for a query without EDNS, so the compiled path cannot answer differently from the
 * reference it is compiled from. Replies that come out the same are kept once. Runs off the event loops; it takes
 * about as long as answering every name once per type it holds.
 */
public final class AnswerCompiler {
    /** The first label of the name that stands for "a name below this one that does not exist". */
    private static final Name PROBE_LABEL = Name.fromConstantString("\\000");

    private final ZoneSet zones;
    private final ResponseWriter writer;
    private final Map<ByteBuffer, ReplyTemplate> interned = new HashMap<>();

    private AnswerCompiler(ZoneSet zones, ResponseWriter writer) {
        this.zones = zones;
        this.writer = writer;
    }

    /** Compiles every name of {@code zones}; {@code writer} renders as the query path's writer does. */
    public static CompiledAnswers compile(ZoneSet zones, ResponseWriter writer) {
        return new AnswerCompiler(zones, writer).compileAll();
    }

    private CompiledAnswers compileAll() {
        List<byte[]> keys = new ArrayList<>();
        List<CompiledName> values = new ArrayList<>();
        Map<Name, AuthoritativeZone> guards = new HashMap<>();
        for (AuthoritativeZone zone : zones.zones()) {
            // Disjoint by construction: names with data, empty non-terminals, GSLB names.
            List<Name> all = new ArrayList<>(zone.names());
            all.addAll(zone.emptyNonTerminals());
            for (DynamicNode node : zone.dynamicNodes()) {
                all.add(node.name());
            }
            Map<Integer, Compiled[]> plainBelow = new HashMap<>();
            List<Name> soaNames = soaNamesBelowApex(zone);
            for (Name name : all) {
                if (zones.zoneFor(name) != zone) {
                    continue; // a child zone's apex, or a name in it: the child answers
                }
                keys.add(name.toWireCanonical());
                values.add(new CompiledName(zone, exact(zone, name), below(zone, name, guards, plainBelow,
                        soaNames)));
            }
        }
        guards.forEach((name, zone) -> {
            if (!exists(zone, name)) {
                keys.add(name.toWireCanonical());
                values.add(CompiledName.guard(zone));
            }
        });
        return new CompiledAnswers(zones, keys.toArray(byte[][]::new), values.toArray(CompiledName[]::new),
                interned.size());
    }

    /** The replies for the name itself: each type it holds, and one for the types it does not when that is uniform. */
    private Compiled[] exact(AuthoritativeZone zone, Name name) {
        int[] held = zone.typesAt(name);
        boolean uniform = !contains(held, Type.CNAME) && !zone.atOrBelowCut(name) && !hasAliasTargets(zone, name);
        Compiled[] slots = new Compiled[QtypeSlots.COUNT];
        Compiled absent = null;
        for (int slot = 0; slot < QtypeSlots.COUNT; slot++) {
            int type = QtypeSlots.TYPES[slot];
            boolean own = contains(held, type) || isDynamic(zone, name) && (type == Type.A || type == Type.AAAA);
            if (own || !uniform) {
                slots[slot] = compile(zone, name, type);
            } else {
                if (absent == null) {
                    absent = compile(zone, name, type);
                }
                slots[slot] = absent;
            }
        }
        return slots;
    }

    /**
     * The replies for names below {@code name} that do not exist, compiled for a probe name. The names these replies
     * mention below {@code name} become guards: a query name ending in one of them would be compressed differently.
     */
    private Compiled[] below(AuthoritativeZone zone, Name name, Map<Name, AuthoritativeZone> guards,
            Map<Integer, Compiled[]> plainBelow, List<Name> soaNames) {
        Name probe;
        try {
            probe = Name.concatenate(PROBE_LABEL, name);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return new Compiled[QtypeSlots.COUNT];
        }
        if (exists(zone, probe)) {
            return new Compiled[QtypeSlots.COUNT];
        }
        boolean wildcard = zone.names().contains(wildcardBelow(name));
        boolean uniform = !wildcard && !zone.atOrBelowCut(name);
        // A plain NXDOMAIN depends on the length of the name alone, unless the SOA names a name at or above it
        // (then its compression does too): most names of a zone share one.
        boolean plain = uniform && soaNames.stream().noneMatch(name::subdomain);
        if (plain && plainBelow.containsKey(probe.length())) {
            return plainBelow.get((int) probe.length());
        }
        Compiled[] slots = new Compiled[QtypeSlots.COUNT];
        for (int slot = 0; slot < QtypeSlots.COUNT; slot++) {
            if (uniform && slot > 0) {
                slots[slot] = slots[0];
                continue;
            }
            int type = QtypeSlots.TYPES[slot];
            slots[slot] = compile(zone, probe, type);
            for (Name mentioned : mentionedBelow(probe, name, type)) {
                guards.putIfAbsent(mentioned, zone);
            }
        }
        if (plain) {
            plainBelow.put((int) probe.length(), slots);
        }
        return slots;
    }

    /** The SOA's host and mailbox names and their ancestors, those below the apex. */
    private static List<Name> soaNamesBelowApex(AuthoritativeZone zone) {
        List<Name> found = new ArrayList<>();
        for (Name n : List.of(zone.soa().getHost(), zone.soa().getAdmin())) {
            for (Name a = n; a.subdomain(zone.origin()) && !a.equals(zone.origin()); a = new Name(a, 1)) {
                found.add(a);
            }
        }
        return found;
    }

    private static boolean exists(AuthoritativeZone zone, Name name) {
        return zone.typesAt(name).length > 0 || zone.emptyNonTerminals().contains(name) || isDynamic(zone, name);
    }

    private Compiled compile(AuthoritativeZone zone, Name qname, int type) {
        Recorder recorder = new Recorder(null, null);
        Resolution plain = ZoneResolver.resolve(zones, qname, type, recorder);
        if (recorder.asked == 0) {
            ReplyTemplate template = template(qname, type, plain);
            return template == null ? null : new Compiled.Fixed(template, zone, NameHash.of(zone.origin()));
        }
        if (recorder.asked > 1) {
            return null;
        }
        DynamicNode node = recorder.node;
        List<RRset> keys = new ArrayList<>();
        List<ReplyTemplate> templates = new ArrayList<>();
        List<int[]> ttlFields = new ArrayList<>();
        for (RRset set : node.usualAnswers()) {
            boolean alias = set.getType() == Type.CNAME;
            if (!alias && set.getType() != type) {
                continue;
            }
            DynamicAnswer answer = alias && type != Type.CNAME ? new DynamicAnswer.Alias(set, 0, false)
                    : new DynamicAnswer.Records(set, 0, false);
            ReplyTemplate template = fixed(qname, type, node, answer);
            int[] fields = alias ? new int[0] : ttlFields(qname, type, node, set, template);
            if (template != null && fields != null) {
                keys.add(set);
                templates.add(template);
                ttlFields.add(fields);
            }
        }
        ReplyTemplate noData = fixed(qname, type, node, new DynamicAnswer.NoData(0));
        return new Compiled.ThroughGslb(node, keys.toArray(RRset[]::new), templates.toArray(ReplyTemplate[]::new),
                ttlFields.toArray(int[][]::new), noData, zone, NameHash.of(zone.origin()));
    }

    /**
     * Where the TTLs of {@code set}'s records are in its reply: the reply rendered again with another TTL differs
     * exactly in the first byte of each. {@code null} when the two renderings differ otherwise.
     */
    private int[] ttlFields(Name qname, int type, DynamicNode node, RRset set, ReplyTemplate template) {
        if (template == null) {
            return null;
        }
        long marked = set.getTTL() ^ (1L << 30);
        RRset other = new RRset();
        for (Record r : set.rrs(false)) {
            other.addRR(Record.newRecord(r.getName(), r.getType(), r.getDClass(), marked, r.rdataToWireCanonical()));
        }
        Recorder recorder = new Recorder(node, new DynamicAnswer.Records(other, 0, false));
        Resolution resolution = ZoneResolver.resolve(zones, qname, type, recorder);
        byte[] first = render(qname, type, ZoneResolver.resolve(zones, qname, type,
                new Recorder(node, new DynamicAnswer.Records(set, 0, false))));
        byte[] second = recorder.asked == 1 ? render(qname, type, resolution) : null;
        if (second == null || second.length != first.length) {
            return null;
        }
        List<Integer> fields = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            if (first[i] != second[i]) {
                if (first[i] != (byte) (set.getTTL() >>> 24) || second[i] != (byte) (marked >>> 24)) {
                    return null;
                }
                fields.add(i);
            }
        }
        return fields.size() == set.size() ? fields.stream().mapToInt(Integer::intValue).toArray() : null;
    }

    /** The reply when {@code node} answers {@code answer}; {@code null} when another GSLB name is met too. */
    private ReplyTemplate fixed(Name qname, int type, DynamicNode node, DynamicAnswer answer) {
        Recorder recorder = new Recorder(node, answer);
        Resolution resolution = ZoneResolver.resolve(zones, qname, type, recorder);
        return recorder.asked == 1 ? template(qname, type, resolution) : null;
    }

    private ReplyTemplate template(Name qname, int type, Resolution resolution) {
        byte[] wire = render(qname, type, resolution);
        ReplyTemplate template = wire == null ? null : ReplyTemplate.of(wire);
        if (template == null) {
            return null;
        }
        // Replies that differ only in the question are the same template: the question is the query's own.
        byte[] key = wire.clone();
        int questionEnd = 12 + qname.length() + 4;
        Arrays.fill(key, 12, questionEnd, (byte) 0);
        key = Arrays.copyOf(key, key.length + 1);
        key[key.length - 1] = (byte) qname.length();
        return interned.computeIfAbsent(ByteBuffer.wrap(key), k -> template);
    }

    /** The full path's reply to a query without EDNS, or {@code null} when it is not one to compile. */
    private byte[] render(Name qname, int type, Resolution resolution) {
        if (resolution.rcode() != Rcode.NOERROR && resolution.rcode() != Rcode.NXDOMAIN
                || resolution.extendedError() != null || resolution.zone() == null) {
            return null;
        }
        ParsedQuery query = new ParsedQuery(0, false, Record.newRecord(qname, type, DClass.IN), null, false, null,
                QueryReader.TCP_LIMIT, null);
        return writer.write(query, resolution, 0);
    }

    /** Names the reply to {@code probe} mentions that are below {@code name} (the probe itself aside). */
    private Set<Name> mentionedBelow(Name probe, Name name, int type) {
        Set<Name> found = new HashSet<>();
        Resolution resolution = ZoneResolver.resolve(zones, probe, type, new Recorder(null, null));
        for (List<RRset> section : List.of(resolution.answer(), resolution.authority(), resolution.additional())) {
            for (RRset set : section) {
                for (Record r : set.rrs(false)) {
                    for (Name mentioned : namesOf(r)) {
                        if (mentioned.subdomain(name) && !mentioned.equals(name) && !mentioned.equals(probe)) {
                            found.add(mentioned);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<Name> namesOf(Record r) {
        if (r instanceof SOARecord soa) {
            return List.of(r.getName(), soa.getHost(), soa.getAdmin());
        }
        if (r instanceof NSRecord ns) {
            return List.of(r.getName(), ns.getTarget());
        }
        if (r instanceof CNAMERecord cname) {
            return List.of(r.getName(), cname.getTarget());
        }
        if (r instanceof MXRecord mx) {
            return List.of(r.getName(), mx.getTarget());
        }
        if (r instanceof PTRRecord ptr) {
            return List.of(r.getName(), ptr.getTarget());
        }
        return List.of(r.getName());
    }

    private static Name wildcardBelow(Name name) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), name);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return name;
        }
    }

    private static boolean isDynamic(AuthoritativeZone zone, Name name) {
        return zone.find(name, Type.A) instanceof dev.meridian.server.zone.ZoneAnswer.Dynamic;
    }

    /** Whether the GSLB name at {@code name} may answer with a CNAME, which makes every type's answer its own. */
    private static boolean hasAliasTargets(AuthoritativeZone zone, Name name) {
        if (zone.find(name, Type.A) instanceof dev.meridian.server.zone.ZoneAnswer.Dynamic dynamic) {
            return dynamic.node().usualAnswers().stream().anyMatch(set -> set.getType() == Type.CNAME);
        }
        return false;
    }

    private static boolean contains(int[] types, int type) {
        for (int t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /** Answers GSLB names while compiling: a fixed answer for one node, NODATA for any other, counting the asks. */
    private static final class Recorder implements DynamicStep {
        private DynamicNode node;
        private final DynamicAnswer answer;
        private int asked;

        Recorder(DynamicNode node, DynamicAnswer answer) {
            this.node = node;
            this.answer = answer;
        }

        @Override
        public DynamicAnswer answer(DynamicNode met, int qtype) {
            asked++;
            if (answer != null && met == node) {
                return answer;
            }
            if (answer == null) {
                node = met;
            } else {
                asked++; // another name than the one fixed: not compilable
            }
            return new DynamicAnswer.NoData(0);
        }
    }
}
