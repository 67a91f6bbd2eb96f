package dev.meridian.server.dnssec;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.AnswerStage;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.RawQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.DynamicNode;
import dev.meridian.server.zone.Resolution;
import dev.meridian.server.zone.ZoneAnswer;
import dev.meridian.server.zone.ZoneSet;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The signing stage of the query pipeline. For a zone with keys it serves the DNSKEY RRset (and CDS and CDNSKEY when
 * published) at the apex to everyone,
 * and to queries with the DO bit it adds RRSIGs to the answer and authority sections and proves negative answers
 * with compact denial. Zones without keys, and queries without DO, pass through untouched. Which keys are published
 * and sign is read from each zone's {@link KeyTimeline} at the query's time, so a key rollover happens on every node
 * at the time its key files say.
 *
 * <p>Static RRsets, the DNSKEY RRset and each GSLB target's own RRset at the name's TTL are signed before a snapshot
 * serves ({@link #warm}), so on the query path their signatures are a cache lookup. A GSLB answer with a shortened
 * TTL or several targets, or a denial, not seen before is signed inline, on the event loop,
 * within a budget of signing time per second ({@link SigningBudget}): deferring the reply would cost more than the
 * signature, and an answer without signatures is rejected by validating resolvers. Past the budget, a UDP answer
 * that needs a new signature is truncated so the resolver asks again over TCP.
 */
public final class SigningStage implements AnswerStage {
    private final Map<Name, KeyTimeline> timelines;
    private final SignatureCache cache;
    private final Clock clock;
    private final Duration refresh;
    private final SigningBudget budget;
    private final LongAdder overBudget = new LongAdder();

    /**
     * @param signers the signer of each signed zone, by origin
     * @param budget signing time the event loops may spend per second before UDP answers needing a new signature
     *        are truncated; {@link Duration#ZERO} for no limit
     */
    public SigningStage(Map<Name, ZoneSigner> signers, SignatureCache cache, Clock clock, Duration budget) {
        this(cache, fixed(signers), clock, budget);
    }

    private SigningStage(SignatureCache cache, Map<Name, KeyTimeline> timelines, Clock clock, Duration budget) {
        this.budget = new SigningBudget(budget.toNanos());
        this.timelines = Map.copyOf(timelines);
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = cache.refreshAge();
    }

    private static Map<Name, KeyTimeline> fixed(Map<Name, ZoneSigner> signers) {
        Map<Name, KeyTimeline> timelines = new HashMap<>();
        signers.forEach((zone, signer) -> timelines.put(zone, KeyTimeline.fixed(signer)));
        return timelines;
    }

    /**
     * The stage for the keys in {@code options}' directory: for each zone that has keys there, its signers from
     * now on as the keys' timing says ({@link KeyTimeline}).
     */
    public static SigningStage load(DnssecOptions options, Clock clock) throws ConfigException {
        Map<Name, KeyTimeline> timelines = new HashMap<>();
        Instant now = clock.instant();
        for (Map.Entry<Name, List<ZoneKey>> zone : KeyFiles.read(options.keyDirectory()).entrySet()) {
            try {
                timelines.put(zone.getKey(), KeyTimeline.of(zone.getKey(), zone.getValue(), now, options.validity(),
                        options.inceptionOffset(), options.publishCds()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(options.keyDirectory(), ConfigException.NO_LINE, e.getMessage());
            }
        }
        return new SigningStage(new SignatureCache(options.cacheSize(), options.refresh()), timelines, clock,
                options.signingBudget());
    }

    /** UDP answers truncated since start because the signing budget was spent. */
    public long overBudget() {
        return overBudget.sum();
    }

    /** The signers over time of each signed zone, by origin. */
    public Map<Name, KeyTimeline> timelines() {
        return timelines;
    }

    /** The clock that dates signatures and reads key timing: what "now" means for the keys' states. */
    public Clock clock() {
        return clock;
    }

    /** The signer of each signed zone now, by origin. */
    private Map<Name, ZoneSigner> signers() {
        Instant now = clock.instant();
        Map<Name, ZoneSigner> signers = new HashMap<>();
        timelines.forEach((zone, timeline) -> signers.put(zone, timeline.at(now)));
        return signers;
    }

    /**
     * How often {@link #refresh} should run: a quarter of the refresh age, at most an hour, so no signature served
     * is much older than the refresh age.
     */
    public Duration refreshPeriod() {
        Duration quarter = refresh.dividedBy(4);
        return quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
    }

    public SignatureCache cache() {
        return cache;
    }

    /**
     * Signs the DNSKEY, SOA, every authoritative RRset and the usual answers of the GSLB names of each signed zone in
     * {@code zones}, unless cached fresh; run it off the event loops.
     */
    public void warm(ZoneSet zones) {
        Instant now = clock.instant();
        for (AuthoritativeZone zone : zones.zones()) {
            KeyTimeline timeline = timelines.get(zone.origin());
            if (timeline != null) {
                ZoneSigner signer = timeline.at(now);
                for (RRset set : signer.apexRRsets()) {
                    cache.warm(set, signer, now);
                }
                cache.warm(zone.negativeSoa(), signer, now);
                for (RRset set : zone.authoritativeRRsets()) {
                    cache.warm(set, signer, now);
                }
                for (DynamicNode node : zone.dynamicNodes()) {
                    for (RRset set : node.usualAnswers()) {
                        cache.warm(set, signer, now);
                    }
                }
            }
        }
    }

    /**
     * Signs again whatever is cached with signatures past the refresh age, and drops what keys no longer serving
     * signed; run it off the event loops.
     */
    public void refresh() {
        Set<ZoneSigner> serving = Set.copyOf(signers().values());
        cache.refresh(clock.instant(), serving::contains);
    }

    /**
     * Without DO an answer gains no signature; only the apex keys (DNSKEY, CDS, CDNSKEY) are added, and answers for
     * those types are never compiled.
     */
    @Override
    public boolean passesCompiled(RawQuery query) {
        return !query.dnssecOk();
    }

    @Override
    public Answer apply(ParsedQuery query, InetAddress source, Transport transport, Answer answer) {
        Resolution r = answer.resolution();
        AuthoritativeZone zone = r.zone();
        KeyTimeline timeline = zone == null ? null : timelines.get(zone.origin());
        if (timeline == null || answer.truncated()) {
            return answer;
        }
        Instant now = clock.instant();
        ZoneSigner signer = timeline.at(now);
        RRset keys = query.qname().equals(zone.origin()) && r.rcode() == Rcode.NOERROR && r.answer().isEmpty()
                ? signer.apexRRset(query.qtype()) : null;
        boolean keysAsked = keys != null;
        if (keysAsked) {
            r = new Resolution(Rcode.NOERROR, true, List.of(keys), List.of(), List.of(), r.scope(), zone,
                    r.extendedError());
        }
        if (!query.hasEdns() || (query.opt().getFlags() & ExtendedFlags.DO) == 0) {
            return keysAsked ? new Answer(r, answer.scope()) : answer;
        }
        Resolution signed = signed(query, r, zone, signer, now, transport == Transport.UDP);
        if (signed == null) {
            overBudget.increment();
            return answer.slipped();
        }
        return new Answer(signed, answer.scope());
    }

    /** The resolution with signatures and denial, or {@code null} when it needs a signature the budget forbids. */
    private Resolution signed(ParsedQuery query, Resolution r, AuthoritativeZone zone, ZoneSigner signer,
            Instant now, boolean bounded) {
        if (r.rcode() != Rcode.NOERROR && r.rcode() != Rcode.NXDOMAIN) {
            return r;
        }
        List<RRset> answer = new ArrayList<>(r.answer().size());
        for (RRset set : r.answer()) {
            RRset signed = signed(set, signer, now, bounded);
            if (signed == null) {
                return null;
            }
            answer.add(signed);
        }
        boolean negative = r.rcode() == Rcode.NXDOMAIN || r.authority().contains(zone.negativeSoa());
        if (!negative) {
            List<RRset> authority = r.authority().isEmpty() ? r.authority() : referral(r.authority(), zone, signer, now,
                    bounded);
            return authority == null ? null : new Resolution(r.rcode(), r.authoritative(), answer, authority,
                    r.additional(), r.scope(), zone, r.extendedError());
        }
        Name denied = lastName(query.qname(), r.answer());
        long ttl = zone.negativeSoa().getTTL();
        RRset nsec = r.rcode() == Rcode.NXDOMAIN ? CompactDenial.nxdomain(denied, ttl)
                : CompactDenial.nodata(denied, typesAt(denied, zone, signer), ttl);
        RRset soa = signed(zone.negativeSoa(), signer, now, bounded);
        RRset proof = signed(nsec, signer, now, bounded);
        if (soa == null || proof == null) {
            return null;
        }
        // RFC 9824 section 3.2: the name is denied by the NSEC's bitmap, and the rcode says NOERROR.
        return new Resolution(Rcode.NOERROR, true, answer, List.of(soa, proof), r.additional(), r.scope(), zone,
                r.extendedError());
    }

    /** {@code set} signed, from the cache or now; {@code null} if that needs a signature the budget cannot pay. */
    private RRset signed(RRset set, ZoneSigner signer, Instant now, boolean bounded) {
        RRset cached = cache.cached(set, signer, now);
        if (cached != null) {
            return cached;
        }
        long started = System.nanoTime();
        if (bounded && !budget.allows(started)) {
            return null;
        }
        RRset signed = cache.sign(set, signer, now);
        budget.charge(System.nanoTime() - started);
        return signed;
    }

    /**
     * A referral's authority section: the child's NS RRset stays unsigned (RFC 4035 section 2.2) and is followed by
     * the signed DS RRset, or, without one, a signed NSEC at the cut proving the child unsigned.
     */
    private List<RRset> referral(List<RRset> authority, AuthoritativeZone zone, ZoneSigner signer, Instant now,
            boolean bounded) {
        RRset ns = authority.get(0);
        Name cut = ns.getName();
        ZoneAnswer ds = zone.find(cut, Type.DS);
        RRset proof = signed(ds instanceof ZoneAnswer.Found found ? found.rrset()
                : CompactDenial.nodata(cut, zone.typesAt(cut), zone.negativeSoa().getTTL()), signer, now, bounded);
        return proof == null ? null : List.of(ns, proof);
    }

    /**
     * The types a name has, as a denial's bitmap lists them: the apex also has the RRsets this stage serves there
     * (DNSKEY, CDS, CDNSKEY), and a resolver that caches the NSEC (RFC 8198) would otherwise deny the keys.
     */
    private static int[] typesAt(Name name, AuthoritativeZone zone, ZoneSigner signer) {
        int[] types = zone.typesAt(name);
        if (!name.equals(zone.origin())) {
            return types;
        }
        List<RRset> apex = signer.apexRRsets();
        int[] withKeys = Arrays.copyOf(types, types.length + apex.size());
        for (int i = 0; i < apex.size(); i++) {
            withKeys[types.length + i] = apex.get(i).getType();
        }
        return withKeys;
    }

    /** The name a negative answer is about: the query name, or the target of the CNAME chain's last link. */
    private static Name lastName(Name qname, List<RRset> answer) {
        if (answer.isEmpty()) {
            return qname;
        }
        RRset last = answer.get(answer.size() - 1);
        return last.getType() == Type.CNAME ? ((CNAMERecord) last.first()).getTarget() : qname;
    }
}
