package dev.meridian.server.dns;

import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.QueryCheck;
import dev.meridian.server.dns.query.QueryReader;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.dns.query.WireHeader;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.ChainTrace;
import dev.meridian.server.request.QueryContext;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.Resolution;
import dev.meridian.server.zone.ZoneResolver;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;

/**
 * One query, bytes in and bytes out, through stages named in the order a query meets them:
 * <ol>
 * <li><b>read</b>: raw header checks and parsing ({@code dns.query}); broken input becomes FORMERR, NOTIMP or
 * nothing;</li>
 * <li><b>cookies</b>: {@link Stages#cookies()} may answer before anything is resolved;</li>
 * <li><b>resolve</b>: CHAOS server info, or ({@link Stages#clients()} told the client) the zones and GSLB names of the
 * serving snapshot, read once per query so
 * a reload never splits one answer between two configurations;</li>
 * <li><b>rate limit</b>: {@link Stages#rateLimit()} may drop or truncate;</li>
 * <li><b>sign</b>: {@link Stages#sign()}, DNSSEC signatures and denial for zones with keys; after the rate limiter,
 * so a dropped reply costs no signature;</li>
 * <li><b>write</b>: flags, OPT, ECS scope and truncation ({@code dns.response});</li>
 * <li>then {@link Stages#observer()} is told what was sent and how long it took.</li>
 * </ol>
 * It holds no lock and does no I/O, so transports call it straight from the thread that read the query. It never
 * throws.
 */
public final class QueryPipeline implements QueryHandler {
    private static final System.Logger LOG = System.getLogger(QueryPipeline.class.getName());
    private final Supplier<ServingSnapshot> snapshot;
    private final Supplier<HealthTable> health;
    private final Supplier<LatencyView> latency;
    private final ResponseWriter writer;
    private final ServerInfo info;
    private final AdmissionStage cookies;
    private final AnswerStage rateLimit;
    private final AnswerStage sign;
    private final QueryObserver observer;
    private final ClientTap clients;
    private final boolean timed;
    /** Answers common queries from compiled replies; {@code null} when a stage needs the full path's objects. */
    private final CompiledPath compiled;
    /**
     * Queries seen, to time one in {@link #TIMED_EVERY}: reading the clock twice per query costs more than counting
     * it. A racy count between threads only moves which query is timed.
     */
    private int seen;
    private static final int TIMED_EVERY = 16;
    /**
     * Where {@link #handle} has a compiled reply written before copying it out, one per thread. Larger compiled
     * replies (TCP only: UDP's are at most 1232 bytes) are left to the full path.
     */
    private static final int REPLY_ROOM = 4096;
    private final FastThreadLocal<byte[]> replyRoom = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[REPLY_ROOM];
        }
    };
    /** {@code TIMED_EVERY - 1}, or 0 to time every query when an observer needs it. */
    private final int timedMask;

    /**
     * @param snapshot the serving snapshot; a reload swaps in a new one and a query in flight keeps the one it read
     * @param health endpoint health for GSLB names, compiled off the query path; read once per query
     * @param latency the latency snapshot for latency routing, swapped off the query path; read once per query
     * @param report which health snapshot this node answers from, for {@code CH TXT health.meridian}
     * @param reload the last reload's outcome, for {@code CH TXT config.meridian}
     * @param identity the server identity returned as NSID and for {@code CH TXT id.server}
     */
    public QueryPipeline(Supplier<ServingSnapshot> snapshot, Supplier<HealthTable> health,
            Supplier<LatencyView> latency, Supplier<HealthReport> report, Supplier<ReloadResult> reload,
            String identity, Stages stages) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.health = Objects.requireNonNull(health, "health");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.writer = new ResponseWriter(Objects.requireNonNull(identity, "identity"));
        this.info = new ServerInfo(identity, Objects.requireNonNull(report, "report"),
                Objects.requireNonNull(reload, "reload"));
        this.cookies = stages.cookies();
        this.rateLimit = stages.rateLimit();
        this.sign = stages.sign();
        this.observer = stages.observer();
        this.clients = stages.clients();
        this.timed = stages.observer() != QueryObserver.NONE;
        this.timedMask = stages.observer().timesEveryQuery() ? 0 : TIMED_EVERY - 1;
        // The query log needs the parsed query; the signer is asked per query (it passes those without DO).
        boolean compilable = stages.rateLimit().limitsCompiled()
                && stages.cookies().admitsCompiled()
                && (stages.observer() == QueryObserver.NONE || stages.observer().countsOnly());
        this.compiled = compilable ? new CompiledPath(() -> this.snapshot.get().zones(), writer, identity, latency, cookies,
                clients, rateLimit, sign, observer) : null;
    }

    /**
     * Starts compiling the answers of the serving snapshot in the background, if they are not: at start-up and after
     * each reload, so they are ready before queries come and the replaced snapshot's answers are let go.
     */
    public void compileAnswersSoon() {
        if (compiled != null) {
            compiled.prepare();
        }
    }

    /**
     * Compiles the answers of the serving snapshot now, on the calling thread, instead of on the first query that
     * meets it; they answer common queries from then on. Returns at once when compiled replies are not used.
     */
    public void compileAnswers() {
        if (compiled != null) {
            compiled.compile(snapshot.get().zones());
        }
    }

    @Override
    public byte[] handle(byte[] request, Transport transport, InetAddress source) {
        HealthTable table = health.get();
        long started = started();
        if (compiled != null) {
            byte[] out = replyRoom.get();
            int written = compiledAnswer(request, request.length, transport, source, table, started, out);
            if (written != CompiledPath.FULL) {
                return written < 0 ? null : Arrays.copyOf(out, written);
            }
        }
        return process(request, transport, source, ChainTrace.NONE, table, started);
    }

    /** Common queries are answered straight into {@code reply}; the others as {@link #handle} answers them. */
    @Override
    public int handleInto(byte[] request, int length, Transport transport, InetAddress source, byte[] reply) {
        HealthTable table = health.get();
        long started = started();
        if (compiled != null) {
            int written = compiledAnswer(request, length, transport, source, table, started, reply);
            if (written != CompiledPath.FULL) {
                return written;
            }
        }
        return QueryHandler.copyInto(process(Arrays.copyOf(request, length), transport, source, ChainTrace.NONE,
                table, started), reply);
    }

    /** When this query is timed: one in {@link #TIMED_EVERY} (or each) when an observer wants times, else -1. */
    private long started() {
        return timed && (++seen & timedMask) == 0 ? System.nanoTime() : -1;
    }

    /** The compiled path's answer, {@link CompiledPath#FULL} when it leaves the query to the full path or fails. */
    private int compiledAnswer(byte[] request, int length, Transport transport, InetAddress source,
            HealthTable table, long started, byte[] out) {
        try {
            return compiled.answer(request, length, transport, source, snapshot.get(), table, started, out);
        } catch (RuntimeException e) {
            // The full path answers it, and fails in its own way if the bug is shared.
            LOG.log(System.Logger.Level.ERROR, "compiled answer failed; the full path answers", e);
            return CompiledPath.FULL;
        }
    }

    /**
     * Answers a query as one from {@code source} over UDP would be answered with endpoint health and overlays read
     * from {@code table}, recording the GSLB decision in {@code trace}: the same stages and snapshot as
     * {@link #handle}, so the explanation is of the real answer (or, with another table, of a what-if).
     */
    public byte[] explain(byte[] request, InetAddress source, ChainTrace trace, HealthTable table) {
        return process(request, Transport.UDP, source, Objects.requireNonNull(trace, "trace"),
                Objects.requireNonNull(table, "table"), -1);
    }

    /** The full path: every query the compiled path does not answer, and every explained one. */
    private byte[] process(byte[] request, Transport transport, InetAddress source, ChainTrace trace,
            HealthTable table, long started) {
        try {
            QueryCheck check = QueryReader.read(request, transport);
            if (check instanceof QueryCheck.Accepted accepted) {
                ParsedQuery query = cookies.annotate(accepted.query(), source);
                Answer answer = cookies.admit(query, source, transport);
                if (answer == null) {
                    answer = resolve(query, source, trace, table);
                }
                answer = rateLimit.apply(query, source, transport, answer);
                if (answer != null) {
                    answer = sign.apply(query, source, transport, answer);
                }
                byte[] reply = answer == null ? null : answer.truncated() ? writer.truncated(query, answer.resolution())
                        : writer.write(query, answer.resolution(), answer.scope());
                // Explaining a query is not serving one: only the query path's queries are observed.
                if (timed && trace == ChainTrace.NONE) {
                    observer.onQuery(query, source, answer, transport, reply,
                            started < 0 ? -1 : System.nanoTime() - started);
                }
                return reply;
            }
            if (check instanceof QueryCheck.Rejected rejected) {
                if (timed && trace == ChainTrace.NONE) {
                    observer.onRejected(transport, rejected.rcode());
                }
                return rejected.query() == null
                        ? ResponseWriter.headerOnly(request, rejected.rcode())
                        : writer.reject(rejected.query(), rejected.rcode());
            }
            if (timed && trace == ChainTrace.NONE) {
                observer.onDropped(transport);
            }
            return null;
        } catch (RuntimeException e) {
            // Defence in depth: a bug here must cost one reply, not the server.
            LOG.log(System.Logger.Level.ERROR, "query handling failed; answered SERVFAIL", e);
            return request.length >= WireHeader.LENGTH ? ResponseWriter.headerOnly(request, Rcode.SERVFAIL) : null;
        }
    }

    private Answer resolve(ParsedQuery query, InetAddress source, ChainTrace trace, HealthTable table) {
        if (query.qclass() == DClass.CH) {
            return new Answer(info.answer(query.qname(), query.qtype()), 0);
        }
        // Class ANY asks for whatever the name has: our data is all IN (RFC 1035 section 3.2.5), as NSD answers.
        if (query.qclass() != DClass.IN && query.qclass() != DClass.ANY) {
            return new Answer(Resolution.empty(Rcode.REFUSED), 0);
        }
        ServingSnapshot serving = snapshot.get();
        QueryContext context = context(serving, query, source, trace, table);
        if (trace.enabled()) {
            AuthoritativeZone zone = serving.zones().zoneFor(query.qname());
            trace.zone(zone == null ? null : zone.origin().toString());
        }
        Resolution resolution = ZoneResolver.resolve(serving.zones(), query.qname(), query.qtype(),
                compiled == null || trace != ChainTrace.NONE ? (node, type) -> node.answer(type, context)
                        : compiled.step(context));
        ClientSubnetOption ecs = query.clientSubnet();
        // RFC 7871 section 7.2.1: a scope longer than the source says the source was too coarse to decide; a query
        // without ECS or that opted out with source prefix 0 gets 0.
        return new Answer(resolution, ecs == null || ecs.getSourcePrefixLength() == 0 ? 0 : resolution.scope());
    }

    /** Locates the client by its ECS subnet when there is one with a non-zero source prefix, else by the packet. */
    private QueryContext context(ServingSnapshot serving, ParsedQuery query, InetAddress source, ChainTrace trace,
            HealthTable table) {
        ClientSubnetOption ecs = query.clientSubnet();
        boolean useSubnet = ecs != null && ecs.getSourcePrefixLength() > 0;
        QueryContext context = new QueryContext(useSubnet ? ecs.getAddress() : source,
                ecs == null ? 0 : ecs.getSourcePrefixLength(), ecs != null, serving.geo(), table,
                latency.get(), trace);
        if (trace == ChainTrace.NONE) {
            clients.seen(source, context.client(), context.sourcePrefix());
        }
        return context;
    }
}
