package dev.meridian.server.metrics;

import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.QueryObserver;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.ZoneSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Counts every query the pipeline serves: by transport, query type and rcode, by zone, truncated, rejected and
 * dropped, and the handler's time. Every counter is created up front (qtypes and rcodes from fixed lists, zones when
 * a snapshot is bound), so a query costs array reads and adder increments, never a meter lookup.
 */
public final class QueryMetrics implements QueryObserver {
    /** The query types counted by name; the rest are {@code other}. */
    static final int[] QTYPES = {Type.A, Type.AAAA, Type.CNAME, Type.NS, Type.SOA, Type.MX, Type.TXT, Type.SRV,
        Type.PTR, Type.CAA, Type.HTTPS, Type.SVCB, Type.DS, Type.DNSKEY, Type.ANY};
    /** The rcodes counted by name; the rest are {@code other}. */
    static final int[] RCODES = {Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP,
        Rcode.REFUSED, Rcode.BADVERS};
    private static final int MAX_QTYPE = 65536;

    private final MeterRegistry registry;
    /** [transport][qtype slot][rcode slot]. */
    private final Counter[][][] queries;
    /** Query type → slot, for every possible type: one array read per query. */
    private final byte[] qtypeSlot = new byte[MAX_QTYPE];
    private final Counter[][] rejected;
    private final Counter[] dropped;
    private final Counter[] truncated;
    private final Counter[] unanswered;
    private final Timer handler;
    private volatile ZoneCounters zones = new ZoneCounters(new AuthoritativeZone[0], new Counter[0]);

    /** The zone counters bound for one zone set, matched by identity. */
    private record ZoneCounters(AuthoritativeZone[] zones, Counter[] counters) {
    }

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        Transport[] transports = Transport.values();
        java.util.Arrays.fill(qtypeSlot, (byte) QTYPES.length);
        for (int i = 0; i < QTYPES.length; i++) {
            qtypeSlot[QTYPES[i]] = (byte) i;
        }
        queries = new Counter[transports.length][QTYPES.length + 1][RCODES.length + 1];
        rejected = new Counter[transports.length][RCODES.length + 1];
        dropped = new Counter[transports.length];
        truncated = new Counter[transports.length];
        unanswered = new Counter[transports.length];
        for (Transport t : transports) {
            String transport = t.name().toLowerCase(Locale.ROOT);
            for (int q = 0; q <= QTYPES.length; q++) {
                for (int r = 0; r <= RCODES.length; r++) {
                    queries[t.ordinal()][q][r] = Counter.builder("meridian.dns.queries")
                            .description("Queries answered, by transport, query type and rcode")
                            .tag("transport", transport).tag("qtype", qtypeName(q)).tag("rcode", rcodeName(r))
                            .register(registry);
                }
            }
            for (int r = 0; r <= RCODES.length; r++) {
                rejected[t.ordinal()][r] = Counter.builder("meridian.dns.rejected")
                        .description("Queries refused before resolving (FORMERR, NOTIMP, BADVERS...)")
                        .tag("transport", transport).tag("rcode", rcodeName(r)).register(registry);
            }
            dropped[t.ordinal()] = Counter.builder("meridian.dns.dropped")
                    .description("Packets dropped without a reply: too short to answer, or not a query")
                    .tag("transport", transport).register(registry);
            truncated[t.ordinal()] = Counter.builder("meridian.dns.truncated")
                    .description("Replies sent with TC set because the answer did not fit")
                    .tag("transport", transport).register(registry);
            unanswered[t.ordinal()] = Counter.builder("meridian.dns.unanswered")
                    .description("Queries a stage decided not to answer (rate limiting)")
                    .tag("transport", transport).register(registry);
        }
        handler = Timer.builder("meridian.dns.handler")
                .description("Time from a query read to its reply written, in the handler; one query in 16 is timed")
                .serviceLevelObjectives(Duration.ofNanos(2_000), Duration.ofNanos(5_000), Duration.ofNanos(10_000),
                        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofMillis(1),
                        Duration.ofMillis(10))
                .register(registry);
    }

    /** Binds a counter per zone of the snapshot about to serve; a zone counted before keeps its counter. */
    public void bind(ZoneSet set) {
        List<AuthoritativeZone> list = new ArrayList<>(set.zones());
        Counter[] counters = new Counter[list.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = Counter.builder("meridian.dns.zone.queries")
                    .description("Queries answered from each zone")
                    .tag("zone", list.get(i).origin().toString()).register(registry);
        }
        zones = new ZoneCounters(list.toArray(AuthoritativeZone[]::new), counters);
    }

    @Override
    public void onQuery(ParsedQuery query, java.net.InetAddress source, Answer answer, Transport transport,
            byte[] reply, long nanos) {
        if (answer == null) {
            onCompiled(query.qtype(), 0, null, transport, null, nanos);
            return;
        }
        onCompiled(query.qtype(), answer.resolution().rcode(), answer.resolution().zone(), transport, reply, nanos);
    }

    /** Counts from the query type, rcode and zone alone: compiled replies need nothing else. */
    @Override
    public boolean countsOnly() {
        return true;
    }

    @Override
    public void onCompiled(int qtype, int rcode, AuthoritativeZone zone, Transport transport, byte[] reply,
            long nanos) {
        int t = transport.ordinal();
        if (nanos >= 0) {
            handler.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (reply == null) {
            unanswered[t].increment();
            return;
        }
        queries[t][qtypeSlot[qtype & 0xFFFF]][rcodeSlot(rcode)].increment();
        if ((reply[2] & 0x02) != 0) {
            truncated[t].increment();
        }
        if (zone != null) {
            ZoneCounters bound = zones;
            for (int i = 0; i < bound.zones().length; i++) {
                if (bound.zones()[i] == zone) {
                    bound.counters()[i].increment();
                    return;
                }
            }
            // A query resolved by the snapshot just replaced: rare, and counted by its zone's name.
            registry.counter("meridian.dns.zone.queries", "zone", zone.origin().toString()).increment();
        }
    }

    @Override
    public void onRejected(Transport transport, int rcode) {
        rejected[transport.ordinal()][rcodeSlot(rcode)].increment();
    }

    @Override
    public void onDropped(Transport transport) {
        dropped[transport.ordinal()].increment();
    }

    private static int rcodeSlot(int rcode) {
        for (int i = 0; i < RCODES.length; i++) {
            if (RCODES[i] == rcode) {
                return i;
            }
        }
        return RCODES.length;
    }

    private static String qtypeName(int slot) {
        return slot == QTYPES.length ? "other" : Type.string(QTYPES[slot]);
    }

    private static String rcodeName(int slot) {
        return slot == RCODES.length ? "other" : Rcode.string(RCODES[slot]);
    }
}
