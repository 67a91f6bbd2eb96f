package dev.meridian.server.dns;

import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.dns.compiled.AnswerCompiler;
import dev.meridian.server.dns.compiled.Compiled;
import dev.meridian.server.dns.compiled.CompiledAnswers;
import dev.meridian.server.dns.compiled.QtypeSlots;
import dev.meridian.server.dns.query.NameHash;
import dev.meridian.server.dns.query.RawQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.dns.response.CompiledReplyWriter;
import dev.meridian.server.dns.response.ReplyTemplate;
import dev.meridian.server.dns.response.ResponseWriter;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.request.QueryContext;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.zone.DynamicAnswer;
import dev.meridian.server.zone.DynamicNode;
import dev.meridian.server.zone.DynamicStep;
import dev.meridian.server.zone.ZoneSet;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The common query answered from compiled replies: read from its bytes ({@link RawQuery}), its name found as bytes
 * in the {@link CompiledAnswers} of the serving zones, a GSLB name asked for the client when the reply depends on
 * one, and the reply written by patching the compiled bytes ({@link CompiledReplyWriter}). Whatever it does not
 * cover — an unusual query, a name or answer not compiled, a reply too long — it leaves to the full path, which it
 * tells the GSLB answer already chosen so the name is not asked twice.
 *
 * <p>The answers of a new zone set are compiled on a background thread the first time a query meets it; until they
 * are ready, the full path answers.
 */
final class CompiledPath {
    private static final System.Logger LOG = System.getLogger(CompiledPath.class.getName());
    /** One compiling thread for every pipeline of the process, gone when idle. */
    private static final ThreadPoolExecutor COMPILER = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "answer-compiler");
                thread.setDaemon(true);
                return thread;
            });

    private final Supplier<ZoneSet> serving;
    private final ResponseWriter writer;
    private final CompiledReplyWriter replies;
    private final Supplier<LatencyView> latency;
    private final AdmissionStage cookies;
    private final ClientTap clients;
    private final AnswerStage rateLimit;
    private final AnswerStage sign;
    private final QueryObserver observer;
    private final AtomicReference<CompiledAnswers> compiled = new AtomicReference<>();
    private final AtomicBoolean compiling = new AtomicBoolean();
    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    /** What one query thread reuses from query to query, and the GSLB answer a query left to the full path. */
    private static final class Scratch {
        private final RawQuery query = new RawQuery();
        private DynamicNode missedNode;
        private DynamicAnswer missedAnswer;
    }

    /** What {@link #answer} returns when the rate limiter decided to send nothing. */
    static final int NOTHING = QueryHandler.NO_REPLY;
    /** What {@link #answer} returns when the full path must answer. */
    static final int FULL = -2;
    private static final int[] NO_TTL_FIELDS = {};

    /** @param serving the zone set serving now, which the answers are compiled for */
    CompiledPath(Supplier<ZoneSet> serving, ResponseWriter writer, String identity, Supplier<LatencyView> latency,
            AdmissionStage cookies, ClientTap clients, AnswerStage rateLimit, AnswerStage sign,
            QueryObserver observer) {
        this.sign = sign;
        this.cookies = cookies;
        this.serving = serving;
        this.writer = writer;
        this.replies = new CompiledReplyWriter(identity);
        this.latency = latency;
        this.clients = clients;
        this.rateLimit = rateLimit;
        this.observer = observer;
    }

    /** Compiles the answers of {@code zones} on the calling thread, and answers from them from now on. */
    void compile(ZoneSet zones) {
        long started = System.nanoTime();
        CompiledAnswers answers = AnswerCompiler.compile(zones, writer);
        compiled.set(answers);
        LOG.log(System.Logger.Level.INFO, "answers compiled: {0} names, {1} distinct replies, {2} ms",
                answers.names(), answers.templates(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Writes the reply to the query in the first {@code length} bytes of {@code request} from compiled answers at
     * the start of {@code out}; returns its length, {@link #NOTHING} when the rate limiter decided to send nothing,
     * or {@link #FULL} when the full path must answer it.
     *
     * @param started when the query was read, or -1 when it is not timed
     */
    int answer(byte[] request, int length, Transport transport, InetAddress source, ServingSnapshot serving,
            HealthTable table, long started, byte[] out) {
        Scratch local = scratch.get();
        local.missedNode = null;
        local.missedAnswer = null;
        RawQuery query = local.query;
        int slot;
        if (!query.read(request, length, transport) || (slot = QtypeSlots.slot(query.qtype())) < 0
                || !sign.passesCompiled(query) || !cookies.admitCompiled(query, source, transport)) {
            return FULL;
        }
        CompiledAnswers answers = answersFor(serving.zones());
        if (answers == null) {
            return FULL;
        }
        Compiled compiled = answers.find(query.name(), query.nameLength(), query.labelStarts(), query.labels(),
                slot);
        if (compiled == null) {
            return FULL;
        }
        InetAddress client = client(query, source);
        ReplyTemplate template;
        DynamicAnswer answer = null;
        int[] ttlFields = NO_TTL_FIELDS;
        long ttl = 0;
        if (compiled instanceof Compiled.Fixed fixed) {
            template = fixed.template();
        } else {
            Compiled.ThroughGslb gslb = (Compiled.ThroughGslb) compiled;
            QueryContext context = new QueryContext(client, query.clientSubnetSourcePrefix(),
                    query.hasClientSubnet(), serving.geo(), table, latency.get());
            answer = gslb.node().answer(query.qtype(), context);
            local.missedNode = gslb.node();
            local.missedAnswer = answer;
            int index = gslb.indexOf(answer);
            if (index >= 0) {
                template = gslb.templates()[index];
                if (answer instanceof DynamicAnswer.Records records && records.rrset() != records.usual()) {
                    ttlFields = gslb.ttlFields()[index];
                    ttl = records.rrset().getTTL();
                }
            } else {
                template = answer instanceof DynamicAnswer.NoData ? gslb.noData() : null;
            }
        }
        // RFC 7871 section 7.2.1: a query that opted out with source prefix 0 gets scope 0.
        int written = template == null ? -1
                : replies.write(query, template, answer == null || query.clientSubnetSourcePrefix() == 0 ? 0
                        : answer.scope(), ttlFields, ttl, out);
        if (written < 0) {
            return FULL;
        }
        local.missedNode = null;
        local.missedAnswer = null;
        clients.seen(source, client, query.hasClientSubnet() ? query.clientSubnetSourcePrefix()
                : source instanceof java.net.Inet4Address ? 32 : 128);
        // A valid server cookie shows the client got an earlier reply at this address: it is not spoofed.
        if (rateLimit != AnswerStage.NONE && !query.validCookie()) {
            boolean byZone = template.rcode() == org.xbill.DNS.Rcode.NXDOMAIN || template.referral();
            int about = byZone ? compiled.zoneHash() : NameHash.of(query.name(), 0, query.nameLength());
            int verdict = rateLimit.limit(source, transport, about, query.qtype(), template.rcode(),
                    template.referral());
            if (verdict == AnswerStage.SLIP) {
                // Never longer than the reply it replaces, which fitted.
                written = replies.truncated(query, template, out);
            } else if (verdict == AnswerStage.DROP) {
                written = NOTHING;
            }
        }
        if (observer != QueryObserver.NONE) {
            observer.onCompiled(query.qtype(), template.rcode(), compiled.zone(), transport,
                    written < 0 ? null : out, started < 0 ? -1 : System.nanoTime() - started);
        }
        return written;
    }

    /**
     * For the full path after {@link #answer} left a query to it on this thread: the GSLB answer already chosen for
     * it, given instead of asking the name again; other names are asked in {@code context}.
     */
    DynamicStep step(QueryContext context) {
        Scratch local = scratch.get();
        DynamicNode node = local.missedNode;
        DynamicAnswer chosen = local.missedAnswer;
        local.missedNode = null;
        local.missedAnswer = null;
        if (node == null || chosen == null) {
            return (met, type) -> met.answer(type, context);
        }
        return (met, type) -> met == node ? chosen : met.answer(type, context);
    }

    /** The answers compiled for {@code zones}, or {@code null} (compiling them starts) when there are none yet. */
    private CompiledAnswers answersFor(ZoneSet zones) {
        CompiledAnswers answers = compiled.get();
        if (answers != null && answers.zones() == zones) {
            return answers;
        }
        prepare();
        return null;
    }

    /**
     * Compiles the serving zone set's answers on the compiler thread unless they are compiled or compiling; once
     * they serve, the answers of the set they replace are let go. A set swapped in while another compiles is compiled
     * next.
     */
    void prepare() {
        CompiledAnswers answers = compiled.get();
        if (answers != null && answers.zones() == serving.get() || !compiling.compareAndSet(false, true)) {
            return;
        }
        COMPILER.execute(() -> {
            try {
                compile(serving.get());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "compiling answers failed; the full path answers", e);
            } finally {
                compiling.set(false);
            }
            CompiledAnswers done = compiled.get();
            if (done != null && done.zones() != serving.get()) {
                prepare();
            }
        });
    }

    /** The client as the full path places it: the subnet's address when its source prefix is not 0. */
    private static InetAddress client(RawQuery query, InetAddress source) {
        if (!query.hasClientSubnet() || query.clientSubnetSourcePrefix() == 0) {
            return source;
        }
        byte[] address = java.util.Arrays.copyOf(query.clientSubnetAddress(),
                query.clientSubnetFamily() == 1 ? 4 : 16);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes", e);
        }
    }
}
