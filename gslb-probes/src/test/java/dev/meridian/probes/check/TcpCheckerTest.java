package dev.meridian.probes.check;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP checks against real sockets on loopback. */
@Timeout(20)
class TcpCheckerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private Vertx vertx;
    private TcpChecker checker;

    @BeforeEach
    void startClient() {
        vertx = Vertx.vertx();
        checker = new TcpChecker(vertx);
    }

    @AfterEach
    void stopClient() {
        checker.close();
        Await.result(vertx.close());
    }

    @Test
    void listeningPortIsOkAndTheConnectionIsClosedAgain() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);

            CheckResult result = Await.result(checker.check(new CheckSpec.Tcp("127.0.0.1", server.getLocalPort()),
                    TIMEOUT));

            assertInstanceOf(CheckResult.Ok.class, result);
            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout(5000);
                assertTrue(accepted.getInputStream().read() == -1, "checker sent data or left the connection open");
            }
        }
    }

    @Test
    void closedPortIsRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CheckResult result = Await.result(checker.check(new CheckSpec.Tcp("127.0.0.1", closedPort), TIMEOUT));

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, result);
        assertTrue(failed.reason().toLowerCase().contains("refused"), failed.reason());
    }

    @Test
    void checksWithDifferentTimeoutsEachGetAnswered() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckSpec.Tcp spec = new CheckSpec.Tcp("127.0.0.1", server.getLocalPort());

            assertInstanceOf(CheckResult.Ok.class, Await.result(checker.check(spec, TIMEOUT)));
            assertInstanceOf(CheckResult.Ok.class, Await.result(checker.check(spec, Duration.ofSeconds(1))));
        }
    }

    @Test
    void connectionThatNeverCompletesTimesOut() throws IOException {
        // Linux drops SYNs to a listener whose accept queue is full, so the connect neither completes nor fails.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket first = new Socket();
                Socket second = new Socket()) {
            first.connect(server.getLocalSocketAddress(), 2000);
            second.connect(server.getLocalSocketAddress(), 2000);

            long started = System.nanoTime();
            CheckResult result = Await.result(checker.check(new CheckSpec.Tcp("127.0.0.1", server.getLocalPort()),
                    TIMEOUT));

            assertInstanceOf(CheckResult.TimedOut.class, result);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= TIMEOUT.toMillis() - 5 && tookMillis < TIMEOUT.toMillis() + 1000,
                    "took " + tookMillis + " ms");
        }
    }
}
