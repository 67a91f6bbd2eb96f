package dev.meridian.server.policy;

import dev.meridian.server.request.QueryContext;
import dev.meridian.server.zone.DynamicAnswer;
import dev.meridian.server.zone.DynamicNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A name answered by policy instead of zone data. Its candidates for A, for AAAA and for other types are split at
 * load, so A and AAAA are decided independently: a region without IPv6 is simply not a candidate for AAAA.
 */
public final class GslbName implements DynamicNode {
    /** The shortest TTL health may shorten an answer to. */
    public static final long MIN_TTL = 5;

    private final Name name;
    private final long ttl;
    private final int answers;
    private final PolicyChain chain;
    private final List<Target> targets;
    private final List<Target> forA;
    private final List<Target> forAaaa;
    private final List<Target> forOther;
    /** Answers naming each region, by {@link Region#order()}: counted here, read by the metrics. */
    private final LongAdder[] answersByRegion;

    /**
     * @param answers how many endpoints one answer may name
     * @param targets the candidates in configuration order
     */
    public GslbName(Name name, long ttl, int answers, PolicyChain chain, List<Target> targets) {
        this.name = Objects.requireNonNull(name, "name");
        this.ttl = ttl;
        this.answers = answers;
        this.chain = Objects.requireNonNull(chain, "chain");
        this.targets = List.copyOf(targets);
        // Loops rather than streams: this runs for each of up to 100 000 names at every load.
        List<Target> forA = new ArrayList<>(this.targets.size());
        List<Target> forAaaa = new ArrayList<>(this.targets.size());
        List<Target> forOther = new ArrayList<>(this.targets.size());
        int regions = 0;
        for (Target t : this.targets) {
            if (t.answers(Type.A)) {
                forA.add(t);
            }
            if (t.answers(Type.AAAA)) {
                forAaaa.add(t);
            }
            if (t.cname() != null) {
                forOther.add(t);
            }
            regions = Math.max(regions, t.region().order() + 1);
        }
        this.forA = List.copyOf(forA);
        this.forAaaa = List.copyOf(forAaaa);
        this.forOther = List.copyOf(forOther);
        this.answersByRegion = new LongAdder[regions];
        for (Target t : this.targets) {
            if (answersByRegion[t.region().order()] == null) {
                answersByRegion[t.region().order()] = new LongAdder();
            }
        }
    }

    /** How many answers named an endpoint of {@code region} since this name was loaded (0 for another region). */
    public long answersFor(Region region) {
        int slot = region.order();
        return slot < answersByRegion.length && answersByRegion[slot] != null ? answersByRegion[slot].sum() : 0;
    }

    /** The regions this name's endpoints are in, each once, in configuration order. */
    public List<Region> regions() {
        return targets.stream().map(Target::region).distinct().toList();
    }

    private void count(Target t) {
        int slot = t.region().order();
        if (slot < answersByRegion.length && answersByRegion[slot] != null) {
            answersByRegion[slot].increment();
        }
    }

    @Override
    public Name name() {
        return name;
    }

    public long ttl() {
        return ttl;
    }

    public PolicyChain chain() {
        return chain;
    }

    public List<Target> targets() {
        return targets;
    }

    @Override
    public List<RRset> usualAnswers() {
        List<RRset> sets = new ArrayList<>();
        for (Target t : targets) {
            for (RRset set : new RRset[] {t.a(), t.aaaa(), t.cname()}) {
                if (set != null) {
                    sets.add(set);
                }
            }
        }
        return sets;
    }

    /** Runs the chain for this query; ANY is answered as A (RFC 8482 allows any one RRset). */
    @Override
    public DynamicAnswer answer(int qtype, QueryContext context) {
        int type = qtype == Type.ANY ? Type.A : qtype;
        List<Target> candidates = type == Type.A ? forA : type == Type.AAAA ? forAaaa : forOther;
        if (context.trace().enabled()) {
            context.trace().name(name.toString(), ttl, chain.allDownMode().configName());
        }
        Decision decision = chain.run(candidates, context);
        int scope = decision.scope();
        if (!(decision instanceof Decision.Answer answer)) {
            return new DynamicAnswer.ServFail(scope);
        }
        List<Target> chosen = answer.targets();
        if (chosen.isEmpty()) {
            return new DynamicAnswer.NoData(scope);
        }
        Target first = chosen.get(0);
        count(first);
        if (first.cname() != null) {
            boolean stale = context.health().isStale(first.endpoint().index());
            return type == Type.CNAME ? new DynamicAnswer.Records(first.cname(), scope, stale)
                    : new DynamicAnswer.Alias(first.cname(), scope, stale);
        }
        RRset firstSet = first.rrsetFor(type);
        if (firstSet == null) {
            return new DynamicAnswer.NoData(scope); // an all-down backup address of the other family
        }
        long ttlNow = cappedTtl(chosen, context);
        boolean stale = anyStale(chosen, context);
        if ((chosen.size() == 1 || answers == 1) && ttlNow == ttl) {
            return new DynamicAnswer.Records(firstSet, scope, stale);
        }
        RRset merged = new RRset();
        int used = 0;
        for (Target t : chosen) {
            RRset set = t.rrsetFor(type);
            if (set == null || used == answers) {
                continue;
            }
            for (Record r : set.rrs(false)) {
                merged.addRR(ttlNow == ttl ? r : Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttlNow,
                        r.rdataToWireCanonical()));
            }
            used++;
        }
        // One endpoint with its TTL shortened is still that endpoint's answer: compiled replies patch the TTL.
        return new DynamicAnswer.Records(merged, scope, stale, used == 1 ? firstSet : null);
    }

    /** Whether an endpoint the answer holds rests on stale health: the reply then says so (EDE 3). */
    private boolean anyStale(List<Target> chosen, QueryContext context) {
        for (int i = 0; i < chosen.size() && i < answers; i++) {
            if (context.health().isStale(chosen.get(i).endpoint().index())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The configured TTL, shortened when a chosen endpoint may change state sooner (one already failing some checks),
     * as gdnsd does; never below {@link #MIN_TTL}, so a flapping endpoint cannot make resolvers ask every second.
     */
    private long cappedTtl(List<Target> chosen, QueryContext context) {
        long cap = ttl;
        // The clock is read only for an endpoint whose change is foreseen: most answers need no time at all.
        long now = 0;
        for (int i = 0; i < chosen.size() && i < answers; i++) {
            int index = chosen.get(i).endpoint().index();
            if (!context.health().changeForeseen(index)) {
                continue;
            }
            if (now == 0) {
                now = System.currentTimeMillis();
            }
            Target t = chosen.get(i);
            long seconds = context.health().secondsToChange(index, now);
            if (seconds < ttl && context.trace().enabled()) {
                context.trace().ttlBound(t.endpoint().id(), seconds);
            }
            cap = Math.min(cap, seconds);
        }
        return cap >= ttl ? ttl : Math.max(Math.min(MIN_TTL, ttl), step(cap));
    }

    /**
     * TTLs a health bound is rounded down to. A few values instead of every second from 5 to the configured TTL keep
     * the distinct answers few, so each is signed once (DNSSEC covers the TTL) and caches share them.
     */
    private static final long[] TTL_STEPS = {5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600};

    /** The largest step not above {@code seconds}, or 0 below the first. */
    static long step(long seconds) {
        long result = 0;
        for (long s : TTL_STEPS) {
            if (s > seconds) {
                break;
            }
            result = s;
        }
        return result;
    }
}
