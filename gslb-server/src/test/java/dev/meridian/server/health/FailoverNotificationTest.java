package dev.meridian.server.health;

import static dev.meridian.server.health.HealthNodes.EU;
import static dev.meridian.server.health.HealthNodes.US;
import static dev.meridian.server.health.HealthNodes.answer;
import static dev.meridian.server.health.HealthNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.MeridianServer;
import dev.meridian.server.notify.Backoff;
import dev.meridian.server.notify.Notification;
import dev.meridian.server.notify.NotifyOptions;
import dev.meridian.server.notify.Receiver;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failovers through the whole health system (a backend failing its HTTP checks, the node's agent voting, the
 * aggregator deciding) reach webhook receivers on loopback, and receivers that are gone or never answer cost the
 * failover nothing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FailoverNotificationTest {
    private static final String SECRET = "failover secret";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Checks every 200 ms, down after 3: the failover is seen well within this, whatever the receivers do. */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Backend eu;
    private Backend us;
    private Path zones;
    private MeridianServer node;

    @BeforeEach
    void backends() throws Exception {
        eu = new Backend();
        us = new Backend();
        zones = HealthNodes.zones(dir, eu, us);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        eu.close();
        us.close();
    }

    private MeridianServer start(List<NotifyOptions.Webhook> webhooks) throws Exception {
        node = HealthNodes.start(zones, "solo", HealthNodes.options(dir.resolve("solo"), "eu", true),
                new NotifyOptions(webhooks, 100, new Backoff(10, Duration.ofMillis(200), Duration.ofSeconds(2)),
                        Duration.ofSeconds(30)));
        return node;
    }

    @Test
    void receiverGetsASignedFailoverWithinTwoSecondsOfIt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            start(List.of(receiver.webhook("ops", SECRET, Set.of(Notification.Kind.FAILOVER,
                    Notification.Kind.RECOVERY))));
            await(WAIT, "eu while healthy", () -> answer(node).equals(EU));
            eu.set(Backend.Mode.UNAVAILABLE);
            await(WAIT, "us once eu fails", () -> answer(node).equals(US));
            long failedOver = System.nanoTime();
            await(Duration.ofSeconds(2), "the failover posted", () -> !receiver.got().isEmpty());
            Receiver.Got got = receiver.got().get(0);
            assertTrue(got.nanos() - failedOver < TimeUnit.SECONDS.toNanos(2));
            assertTrue(got.signedWith(SECRET), "signed with the shared secret");
            JsonObject body = new JsonObject(got.body());
            assertEquals("failover", body.getString("event"));
            assertEquals("gslb.example/eu/lb", body.getString("subject"));
            assertEquals("up", body.getString("from"));
            assertEquals("down", body.getString("to"));
            assertEquals("solo", body.getString("node"));
            assertEquals(List.of("eu/solo"), body.getJsonObject("vantages").getJsonArray("down").getList());
            assertTrue(body.getString("text").startsWith("Failover: gslb.example/eu/lb is down, seen by eu/solo"),
                    body.getString("text"));

            eu.set(Backend.Mode.HEALTHY);
            await(WAIT, "the recovery posted", () -> receiver.got().size() == 2);
            assertEquals("recovery", new JsonObject(receiver.got().get(1).body()).getString("event"));
        }
    }

    @Test
    void deadReceiversDoNotSlowFailoverOrHoldALiveOne() throws Exception {
        int refusing;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = closed.getLocalPort();
        }
        try (Receiver silent = new Receiver(); Receiver live = new Receiver()) {
            silent.hold();
            NotifyOptions.Webhook gone = new NotifyOptions.Webhook("gone",
                    URI.create("http://127.0.0.1:" + refusing + "/hook"), InetAddress.getLoopbackAddress(),
                    SECRET.getBytes(StandardCharsets.UTF_8), Set.of(Notification.Kind.values()));
            start(List.of(gone, silent.webhook("silent", SECRET), live.webhook("live", SECRET)));
            await(WAIT, "eu while healthy", () -> answer(node).equals(EU));
            long failed = System.nanoTime();
            eu.set(Backend.Mode.UNAVAILABLE);
            await(DETECTION_BOUND, "us once eu fails, with two receivers dead", () -> answer(node).equals(US));
            long failedOver = System.nanoTime();
            await(Duration.ofSeconds(2), "the live receiver has the failover", () -> live.got().stream()
                    .anyMatch(g -> g.body().contains("\"event\":\"failover\"")));
            eu.set(Backend.Mode.HEALTHY);
            await(DETECTION_BOUND, "eu back, with two receivers dead", () -> answer(node).equals(EU));
            assertTrue(node.events().newestFirst(10).size() >= 2, "the health thread recorded both changes");
            System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, "failover with dead receivers: "
                    + "{0} ms", (failedOver - failed) / 1_000_000);
        }
    }
}
