package dev.meridian.probes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.testing.Await;
import io.vertx.core.Vertx;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** DNS checks against a small UDP responder on loopback. */
@Timeout(20)
class DnsCheckerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private Vertx vertx;
    private DnsChecker checker;

    /**
     * The first check in a JVM loads Vert.x's datagram and Netty's channel classes and dnsjava's, which on a busy
     * machine can take longer than the {@link #TIMEOUT} the tests give each check; pay for that once, unhurried.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        Vertx warm = Vertx.vertx();
        try (TinyDnsResponder responder = TinyDnsResponder.answering(Rcode.NOERROR)) {
            CheckSpec.Dns spec = new CheckSpec.Dns("127.0.0.1", responder.port(), "www.gslb.example.", Type.A,
                    Rcode.NOERROR);
            Await.result(new DnsChecker(warm).check(spec, Duration.ofSeconds(5)));
        } finally {
            Await.result(warm.close());
        }
    }

    @BeforeEach
    void startClient() {
        vertx = Vertx.vertx();
        checker = new DnsChecker(vertx);
    }

    @AfterEach
    void stopClient() {
        checker.close();
        Await.result(vertx.close());
    }

    @Test
    void expectedRcodeIsOk() throws Exception {
        try (TinyDnsResponder responder = TinyDnsResponder.answering(Rcode.NOERROR)) {
            CheckResult result = check(responder.port(), Rcode.NOERROR);

            assertInstanceOf(CheckResult.Ok.class, result);
            assertEquals(1, responder.queries());
        }
    }

    @Test
    void otherRcodeFailsNamingBoth() throws Exception {
        try (TinyDnsResponder responder = TinyDnsResponder.answering(Rcode.SERVFAIL)) {
            CheckResult result = check(responder.port(), Rcode.NOERROR);

            CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, result);
            assertEquals("rcode SERVFAIL, expected NOERROR", failed.reason());
        }
    }

    @Test
    void expectedRcodeMayBeAnError() throws Exception {
        try (TinyDnsResponder responder = TinyDnsResponder.answering(Rcode.NXDOMAIN)) {
            assertInstanceOf(CheckResult.Ok.class, check(responder.port(), Rcode.NXDOMAIN));
        }
    }

    @Test
    void replyWithAnotherIdIsIgnored() throws Exception {
        TinyDnsResponder.Replies decoyFirst = query -> new Message[] {
            TinyDnsResponder.reply(query, Rcode.NOERROR, decoy -> {
                decoy.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
                return decoy;
            }),
            TinyDnsResponder.reply(query, Rcode.SERVFAIL),
        };
        try (TinyDnsResponder responder = TinyDnsResponder.replying(decoyFirst)) {
            CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class,
                    check(responder.port(), Rcode.NOERROR));
            assertTrue(failed.reason().startsWith("rcode SERVFAIL"), failed.reason());
        }
    }

    @Test
    void onlyForgedRepliesTimeOut() throws Exception {
        TinyDnsResponder.Replies forged = query -> new Message[] {
            TinyDnsResponder.reply(query, Rcode.NOERROR, decoy -> {
                decoy.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
                return decoy;
            }),
        };
        try (TinyDnsResponder responder = TinyDnsResponder.replying(forged)) {
            assertInstanceOf(CheckResult.TimedOut.class, check(responder.port(), Rcode.NOERROR));
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (TinyDnsResponder responder = TinyDnsResponder.replying(query -> new Message[0])) {
            long started = System.nanoTime();

            assertInstanceOf(CheckResult.TimedOut.class, check(responder.port(), Rcode.NOERROR));

            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= TIMEOUT.toMillis() - 5 && tookMillis < TIMEOUT.toMillis() + 1000,
                    "took " + tookMillis + " ms");
            assertEquals(1, responder.queries());
        }
    }

    @Test
    void closedPortTimesOutOrFails() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CheckResult result = check(closedPort, Rcode.NOERROR);

        // An ICMP port-unreachable may or may not reach an unconnected UDP socket; either way it is no success.
        assertTrue(!result.passed(), result.toString());
    }

    @Test
    void unparseableQnameFailsWithoutSending() {
        CheckSpec.Dns spec = new CheckSpec.Dns("127.0.0.1", 53, "bad..name", Type.A, Rcode.NOERROR);

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class,
                Await.result(checker.check(spec, TIMEOUT)));
        assertTrue(failed.reason().startsWith("bad qname"), failed.reason());
    }

    private CheckResult check(int port, int expectRcode) {
        CheckSpec.Dns spec = new CheckSpec.Dns("127.0.0.1", port, "www.gslb.example.", Type.A, expectRcode);
        return Await.result(checker.check(spec, TIMEOUT));
    }
}
