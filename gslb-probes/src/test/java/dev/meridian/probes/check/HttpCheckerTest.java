package dev.meridian.probes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP checks against a real MockWebServer on loopback. */
@Timeout(20)
class HttpCheckerTest {
    // Generous for a cold JVM's first request; the delayed responses below are three times longer.
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private Vertx vertx;
    private HttpChecker checker;

    @BeforeEach
    void startClient() {
        vertx = Vertx.vertx();
        checker = new HttpChecker(vertx);
    }

    @AfterEach
    void stopClient() {
        checker.close();
        Await.result(vertx.close());
    }

    @Test
    void statusInRangeIsOk() {
        server.enqueue(new MockResponse.Builder().code(204).build());

        CheckResult result = check(spec(false, "/health", null, null, null));

        CheckResult.Ok ok = assertInstanceOf(CheckResult.Ok.class, result);
        assertTrue(ok.rttMillis() > 0 && ok.rttMillis() < TIMEOUT.toMillis(), "rtt " + ok.rttMillis());
    }

    @Test
    void statusOutsideRangeFailsNamingTheStatus() {
        server.enqueue(new MockResponse.Builder().code(503).body("maintenance").build());

        CheckResult result = check(spec(false, "/health", null, null, null));

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, result);
        assertEquals("status 503, expected 200-399", failed.reason());
    }

    @Test
    void redirectIsJudgedByItsStatusNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/elsewhere").build());

        assertInstanceOf(CheckResult.Ok.class, check(spec(false, "/health", null, null, null)));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void bodyContainingTheExpectedTextIsOk() {
        server.enqueue(new MockResponse.Builder().body("{\"status\":\"ready\"}").build());

        assertInstanceOf(CheckResult.Ok.class, check(spec(false, "/health", null, null, "\"ready\"")));
    }

    @Test
    void bodyWithoutTheExpectedTextFails() {
        server.enqueue(new MockResponse.Builder().body("{\"status\":\"starting\"}").build());

        CheckResult result = check(spec(false, "/health", null, null, "\"ready\""));

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, result);
        assertTrue(failed.reason().contains("\"ready\""), failed.reason());
    }

    @Test
    void expectedTextOnlyAfterTheFirst5120BytesFails() {
        String padding = "x".repeat(HttpChecker.BODY_SEARCH_LIMIT - 2);
        server.enqueue(new MockResponse.Builder().body(padding + "ready").build());

        assertInstanceOf(CheckResult.Failed.class, check(spec(false, "/health", null, null, "ready")));
    }

    @Test
    void expectedTextEndingAtByte5120IsFound() {
        String padding = "x".repeat(HttpChecker.BODY_SEARCH_LIMIT - 5);
        server.enqueue(new MockResponse.Builder().body(padding + "ready" + "y".repeat(100_000)).build());

        CheckResult result = check(spec(false, "/health", null, null, "ready"));
        assertInstanceOf(CheckResult.Ok.class, result, result::toString);
    }

    @Test
    void headersLaterThanTheTimeoutTimeOut() {
        server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).build());

        long started = System.nanoTime();
        CheckResult result = check(spec(false, "/health", null, null, null));

        assertInstanceOf(CheckResult.TimedOut.class, result);
        assertEndedSoonAfterTheTimeout(started);
    }

    @Test
    void bodyLaterThanTheTimeoutTimesOut() {
        server.enqueue(new MockResponse.Builder().body("ready").bodyDelay(3, TimeUnit.SECONDS).build());

        long started = System.nanoTime();
        CheckResult result = check(spec(false, "/health", null, null, "ready"));

        assertInstanceOf(CheckResult.TimedOut.class, result);
        assertEndedSoonAfterTheTimeout(started);
    }

    @Test
    void textFoundEarlyEndsTheCheckWithoutWaitingForTheRestOfTheBody() {
        // About 100 KB at 10 KB a second: the whole body would take ten times the timeout.
        server.enqueue(new MockResponse.Builder().body("ready" + "x".repeat(100_000))
                .throttleBody(1024, 100, TimeUnit.MILLISECONDS).build());

        assertInstanceOf(CheckResult.Ok.class, check(spec(false, "/health", null, null, "ready")));
    }

    @Test
    void serverThatStallsAfterTheHeadersHasItsConnectionClosedWhenTheCheckTimesOut() {
        AtomicBoolean closedByChecker = new AtomicBoolean();
        server.enqueue(new MockResponse.Builder().setHeader("Content-Length", 1000).socketHandler(socket -> {
            try {
                BufferedSource in = Okio.buffer(socket.getSource());
                while (!in.exhausted()) {
                    in.skip(in.getBuffer().size());
                }
            } catch (IOException reset) {
                // A reset closes the connection as surely as a FIN.
            }
            closedByChecker.set(true);
        }).build());

        assertInstanceOf(CheckResult.TimedOut.class, check(spec(false, "/health", null, null, "ready")));

        Await.until(Duration.ofSeconds(5), "the checker closes the connection", closedByChecker::get);
    }

    @Test
    void closedPortIsRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CheckSpec.Http spec = new CheckSpec.Http("127.0.0.1", closedPort, false, "GET", "/", null, null, 200, 399,
                null);

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, Await.result(checker.check(spec,
                TIMEOUT)));
        assertTrue(failed.reason().toLowerCase().contains("refused"), failed.reason());
    }

    @Test
    void sendsTheMethodPathAndHostHeaderOfTheSpec() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().build());
        CheckSpec.Http spec = new CheckSpec.Http(address(), server.getPort(), false, "HEAD", "/ready?full=1",
                "www.gslb.example", null, 200, 299, null);

        assertInstanceOf(CheckResult.Ok.class, Await.result(checker.check(spec, TIMEOUT)));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("HEAD", request.getMethod());
        assertEquals("/ready?full=1", request.getTarget());
        assertEquals("www.gslb.example", request.getHeaders().get("Host"));
    }

    @Test
    void httpsAcceptsASelfSignedCertificateAndSendsTheServerName(@TempDir Path dir) throws Exception {
        server.close();
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(SelfSignedTls.serverSocketFactory(dir));
            tls.start();
            tls.enqueue(new MockResponse.Builder().body("ready").build());
            CheckSpec.Http spec = new CheckSpec.Http(tls.getSocketAddress().getAddress().getHostAddress(),
                    tls.getPort(), true, "GET", "/health", "www.gslb.example", "health.gslb.example", 200, 299,
                    "ready");

            assertInstanceOf(CheckResult.Ok.class, Await.result(checker.check(spec, Duration.ofSeconds(3))));

            RecordedRequest request = tls.takeRequest(5, TimeUnit.SECONDS);
            assertEquals(List.of("health.gslb.example"), request.getHandshakeServerNames());
            assertEquals("www.gslb.example", request.getHeaders().get("Host"));
        }
    }

    @Test
    void httpsServerNameDefaultsToTheHostHeader(@TempDir Path dir) throws Exception {
        server.close();
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(SelfSignedTls.serverSocketFactory(dir));
            tls.start();
            tls.enqueue(new MockResponse.Builder().build());
            CheckSpec.Http spec = new CheckSpec.Http(tls.getSocketAddress().getAddress().getHostAddress(),
                    tls.getPort(), true, "GET", "/health", "www.gslb.example", null, 200, 299, null);

            assertInstanceOf(CheckResult.Ok.class, Await.result(checker.check(spec, Duration.ofSeconds(3))));

            assertEquals(List.of("www.gslb.example"), tls.takeRequest(5, TimeUnit.SECONDS).getHandshakeServerNames());
        }
    }

    private CheckResult check(CheckSpec.Http spec) {
        return Await.result(checker.check(spec, TIMEOUT));
    }

    private CheckSpec.Http spec(boolean tls, String path, String host, String sni, String bodyContains) {
        return new CheckSpec.Http(address(), server.getPort(), tls, "GET", path, host, sni, 200, 399, bodyContains);
    }

    private String address() {
        return server.getSocketAddress().getAddress().getHostAddress();
    }

    private static void assertEndedSoonAfterTheTimeout(long startedNanos) {
        long tookMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        assertTrue(tookMillis >= TIMEOUT.toMillis() - 5 && tookMillis < TIMEOUT.toMillis() + 1000,
                "took " + tookMillis + " ms");
    }
}
