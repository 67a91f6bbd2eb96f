package dev.meridian.server.dns;

import dev.meridian.probes.latency.LatencyView;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.request.HealthTable;
import dev.meridian.server.serving.ConfigVersion;
import dev.meridian.server.serving.ReloadResult;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.dns.cookie.CookieOptions;
import dev.meridian.server.dns.cookie.CookieStage;
import dev.meridian.server.dns.cookie.ServerCookies;
import dev.meridian.server.dns.limit.RateLimitOptions;
import dev.meridian.server.dns.limit.ResponseRateLimiter;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.health.HealthReport;
import dev.meridian.server.testing.ExampleSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Specifies what {@link QueryHandler#handle} promises for any bytes at all, over the test zone, on both transports:
 * it never throws; it drops exactly the packets shorter than a header and the responses; every reply re-parses,
 * carries the request's ID and QR, echoes a readable question, is never SERVFAIL (the handler answers SERVFAIL only
 * when it caught an exception of its own), fits the UDP size the request allows, and has TC set exactly when it had to
 * leave out records that the same reply over TCP carries; only AXFR differs by transport (NOTIMP over UDP, REFUSED
 * over TCP).
 *
 * <p>Each input also goes through a second pipeline with the cookie stage (cookies required) and the rate limiter
 * (a rate low enough that replaying the inputs slips and drops some): it never throws, and every reply it sends is
 * sound and fits the UDP size; over UDP it may drop a reply or truncate it, as rate limiting does.
 *
 * <p>{@code handler} answers common queries from compiled replies; each input also goes through a pipeline kept on
 * the full path (an observer that needs the parsed query), and both replies are the same bytes.
 *
 * <p>Plain builds replay the inputs under {@code QueryHandlerFuzzTestInputs/}; {@code -Pfuzz} searches for new ones.
 */
class QueryHandlerFuzzTest {
    /** RFC 1035 section 4.2.1: without EDNS a UDP message is at most 512 bytes. */
    private static final int PLAIN_UDP_LIMIT = 512;
    /** The largest UDP reply whatever the requester offers, against IP fragmentation (DNS flag day 2020). */
    private static final int EDNS_UDP_LIMIT = 1232;

    /** Where every request comes from; a request can still name another client with ECS. */
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private static QueryHandler handler;
    private static QueryHandler hardened;
    private static QueryHandler fullPath;

    @BeforeAll
    static void loadTestZone(@TempDir Path dir) throws IOException, ConfigException {
        ServingSnapshot snapshot = ExampleSnapshot.build(dir);
        ConfigVersion version = snapshot.version();
        handler = new QueryPipeline(() -> snapshot, () -> HealthTable.ALL_UP, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0),
                () -> new ReloadResult.Loaded(Instant.EPOCH, "start", version, Duration.ZERO), "identity", Stages.NONE);
        ((QueryPipeline) handler).compileAnswers();
        fullPath = new QueryPipeline(() -> snapshot, () -> HealthTable.ALL_UP, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0),
                () -> new ReloadResult.Loaded(Instant.EPOCH, "start", version, Duration.ZERO), "identity",
                Stages.NONE.withObserver((query, source, answer, transport, reply, nanos) -> { }));
        CookieOptions random = CookieOptions.random();
        Stages stages = Stages.NONE
                .withCookies(new CookieStage(new ServerCookies(new CookieOptions(random.secret(), null, null, true),
                        Clock.systemUTC())))
                .withRateLimit(new ResponseRateLimiter(new RateLimitOptions(1, 1, 2, 24, 56, List.of(), 1024)));
        hardened = new QueryPipeline(() -> snapshot, () -> HealthTable.ALL_UP, () -> LatencyView.NONE,
                () -> new HealthReport(0, "00000000", 0, 0, 0),
                () -> new ReloadResult.Loaded(Instant.EPOCH, "start", version, Duration.ZERO), "identity", stages);
    }

    @FuzzTest(maxDuration = "2m")
    void repliesKeepTheirPromises(byte[] request) {
        byte[] udp = handleWithoutThrowing(request, Transport.UDP);
        byte[] tcp = handleWithoutThrowing(request, Transport.TCP);

        boolean dropped = request.length < 12 || (request[2] & 0x80) != 0;
        if (dropped) {
            assertNull(udp, "reply over UDP to a short packet or a response");
            assertNull(tcp, "reply over TCP to a short packet or a response");
            return;
        }
        Message query = parsedOrNull(request);
        Message udpReply = assertSoundReply(request, query, udp);
        Message tcpReply = assertSoundReply(request, query, tcp);

        int limit = udpLimit(query);
        assertTrue(udp.length <= limit, () -> "UDP reply of " + udp.length + " bytes, limit " + limit);
        assertFalse(tcpReply.getHeader().getFlag(Flags.TC), "TC over TCP");
        boolean cut = recordCount(tcpReply) > recordCount(udpReply);
        assertEquals(cut, udpReply.getHeader().getFlag(Flags.TC), () -> "TC over UDP, when the TCP reply has "
                + recordCount(tcpReply) + " records and the UDP one " + recordCount(udpReply));
        boolean refusedTransfer = query != null && query.getQuestion() != null
                && query.getQuestion().getType() == Type.AXFR && tcpReply.getRcode() == Rcode.REFUSED;
        if (refusedTransfer) {
            // As NSD and Knot answer it: a transfer refused over TCP is not implemented over UDP at all.
            assertEquals(Rcode.NOTIMP, udpReply.getRcode(), "AXFR over UDP");
        } else if (!cut) {
            assertArrayEquals(tcp, udp, "a UDP reply that was not cut is the TCP reply");
        }
        assertHardenedRepliesAreSound(request, query);
        assertArrayEquals(handleWithoutThrowing(fullPath, request, Transport.UDP), udp,
                "the UDP reply is the full path's");
        assertArrayEquals(handleWithoutThrowing(fullPath, request, Transport.TCP), tcp,
                "the TCP reply is the full path's");
    }

    /** Through cookies and rate limiting: a UDP reply may be dropped or slipped; whatever is sent is sound. */
    private static void assertHardenedRepliesAreSound(byte[] request, Message query) {
        byte[] udp = handleWithoutThrowing(hardened, request, Transport.UDP);
        byte[] tcp = handleWithoutThrowing(hardened, request, Transport.TCP);
        Message tcpReply = assertSoundReply(request, query, tcp);
        assertFalse(tcpReply.getHeader().getFlag(Flags.TC), "TC over TCP with cookies and rate limiting");
        if (udp != null) {
            assertSoundReply(request, query, udp);
            int limit = udpLimit(query);
            assertTrue(udp.length <= limit, () -> "UDP reply of " + udp.length + " bytes through the stages, limit "
                    + limit);
        }
    }

    private static byte[] handleWithoutThrowing(byte[] request, Transport transport) {
        return handleWithoutThrowing(handler, request, transport);
    }

    private static byte[] handleWithoutThrowing(QueryHandler handler, byte[] request, Transport transport) {
        try {
            return handler.handle(request, transport, InetAddress.getLoopbackAddress());
        } catch (RuntimeException | StackOverflowError e) {
            return fail("handle threw over " + transport, e);
        }
    }

    /** Checks one reply on its own and returns it parsed. */
    private static Message assertSoundReply(byte[] request, Message query, byte[] reply) {
        assertTrue(reply != null && reply.length >= 12, "a query gets a reply of at least a header");
        assertEquals(id(request), id(reply), "ID");
        assertTrue((reply[2] & 0x80) != 0, "QR");
        Message parsed = parsedOrNull(reply);
        assertNotNull(parsed, "the reply re-parses");
        assertNotEquals(Rcode.SERVFAIL, parsed.getRcode(), "SERVFAIL: the handler caught an exception");
        Record question = parsed.getQuestion();
        if (question != null && query != null && query.getSection(Section.QUESTION).size() == 1) {
            Record asked = query.getQuestion();
            assertEquals(asked.getName(), question.getName(), "question name (dnsjava compares names ignoring case)");
            assertEquals(asked.getType(), question.getType(), "question type");
            assertEquals(asked.getDClass(), question.getDClass(), "question class");
        }
        return parsed;
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query == null ? null : query.getOPT();
        return opt == null ? PLAIN_UDP_LIMIT
                : Math.min(Math.max(opt.getPayloadSize(), PLAIN_UDP_LIMIT), EDNS_UDP_LIMIT);
    }

    private static int recordCount(Message message) {
        int count = 0;
        for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
            count += message.getSection(section).size();
        }
        return count;
    }

    private static Message parsedOrNull(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int id(byte[] message) {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }
}
