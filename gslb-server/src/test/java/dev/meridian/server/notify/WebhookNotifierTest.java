package dev.meridian.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Delivery to real receivers on loopback: signatures, retries and their waits, the bounds on attempts and queue. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WebhookNotifierTest {
    private static final String SECRET = "shared secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private WebhookNotifier notifier;

    @AfterEach
    void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private WebhookNotifier start(List<NotifyOptions.Webhook> webhooks, int queue, Backoff backoff) {
        notifier = new WebhookNotifier(vertx, new NotifyOptions(webhooks, queue, backoff, Duration.ofSeconds(5)),
                Clock.systemUTC());
        return notifier;
    }

    private static Notification reloadFailed(String error) {
        return Notification.reloadFailed(Instant.parse("2026-12-03T10:00:00Z"), "node-1", "SIGHUP", "abc123",
                error);
    }

    @Test
    void bodyCarriesTextAndTheEventAndIsSignedWithTheSharedSecret() throws Exception {
        try (Receiver receiver = new Receiver()) {
            start(List.of(receiver.webhook("chat", SECRET)), 10, Backoff.DEFAULT)
                    .send(reloadFailed("zones/a.zone:3: bad TTL"));
            Await.until(WAIT, "the receiver got the event", () -> receiver.got().size() == 1);
            Receiver.Got got = receiver.got().get(0);
            JsonObject body = new JsonObject(got.body());
            assertEquals("reload-failed", body.getString("event"));
            assertEquals("Reload refused on node node-1 (SIGHUP): zones/a.zone:3: bad TTL; configuration abc123 "
                    + "still serves", body.getString("text"));
            assertEquals("zones/a.zone:3: bad TTL", body.getString("error"));
            assertEquals("/hooks/chat", got.request().getTarget());
            assertEquals("application/json", got.header("Content-Type"));
            assertEquals(body.getString("id"), got.header("X-Meridian-Delivery"));
            assertTrue(got.signedWith(SECRET), "signed with the shared secret");
            assertTrue(!got.signedWith("another secret"), "a receiver with another secret would refuse it");
            long skew = Math.abs(Long.parseLong(got.header("X-Meridian-Timestamp"))
                    - Instant.now().getEpochSecond());
            assertTrue(skew <= 5, "the timestamp is the time of sending, " + skew + " s off");
        }
    }

    @Test
    void failingReceiverGetsRetriesWithGrowingGapsUntilItAccepts() throws Exception {
        try (Receiver receiver = new Receiver(500, 503, 429)) {
            WebhookNotifier n = start(List.of(receiver.webhook("flaky", SECRET)), 10,
                    new Backoff(6, Duration.ofMillis(100), Duration.ofSeconds(5)));
            n.send(reloadFailed("boom"));
            Await.until(WAIT, "delivered on the fourth attempt", () -> n.counts().get(0).delivered() == 1);
            List<Receiver.Got> got = receiver.got();
            assertEquals(4, got.size());
            long first = millisBetween(got.get(0), got.get(1));
            long second = millisBetween(got.get(1), got.get(2));
            long third = millisBetween(got.get(2), got.get(3));
            assertTrue(first >= 100 && second >= 200 && third >= 400,
                    "waits of at least 100, 200, 400 ms; were " + first + ", " + second + ", " + third);
            assertTrue(first < second && second < third, "each gap longer: " + first + ", " + second + ", " + third);
            assertEquals(1, got.stream().map(g -> g.header("X-Meridian-Delivery")).distinct().count(),
                    "every attempt carries the same delivery id");
            assertEquals(3, n.counts().get(0).retries());
        }
    }

    @Test
    void attemptsAreBoundedThenTheEventIsCountedFailed() throws Exception {
        try (Receiver receiver = new Receiver(500, 500, 500, 500, 500)) {
            WebhookNotifier n = start(List.of(receiver.webhook("down", SECRET)), 10,
                    new Backoff(3, Duration.ofMillis(50), Duration.ofMillis(100)));
            n.send(reloadFailed("boom"));
            Await.until(WAIT, "given up", () -> n.counts().get(0).failed() == 1);
            assertEquals(3, receiver.got().size(), "three attempts in all");
            assertEquals(0, n.counts().get(0).delivered());
        }
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        try (Receiver receiver = new Receiver(401)) {
            WebhookNotifier n = start(List.of(receiver.webhook("strict", SECRET)), 10,
                    new Backoff(5, Duration.ofMillis(50), Duration.ofMillis(100)));
            n.send(reloadFailed("boom"));
            Await.until(WAIT, "given up", () -> n.counts().get(0).failed() == 1);
            assertEquals(1, receiver.got().size());
        }
    }

    @Test
    void fullQueueDropsTheOldestAndCountsIt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.hold();
            WebhookNotifier n = start(List.of(receiver.webhook("slow", SECRET)), 2, Backoff.DEFAULT);
            n.send(reloadFailed("event 1"));
            Await.until(WAIT, "the first event in flight", () -> receiver.got().size() == 1);
            for (int i = 2; i <= 5; i++) {
                n.send(reloadFailed("event " + i));
            }
            assertEquals(2, n.counts().get(0).dropped(), "events 2 and 3 dropped");
            assertEquals(2, n.counts().get(0).queued());
            receiver.release();
            Await.until(WAIT, "the rest delivered", () -> n.counts().get(0).delivered() == 3);
            assertEquals(List.of("event 1", "event 4", "event 5"), receiver.got().stream()
                    .map(g -> new JsonObject(g.body()).getString("error")).toList());
        }
    }

    @Test
    void eachWebhookGetsOnlyTheKindsItAskedFor() throws Exception {
        try (Receiver all = new Receiver(); Receiver drains = new Receiver()) {
            WebhookNotifier n = start(List.of(all.webhook("all", SECRET),
                    drains.webhook("drains", SECRET, java.util.Set.of(Notification.Kind.DRAIN))), 10,
                    Backoff.DEFAULT);
            n.send(reloadFailed("boom"));
            n.send(Notification.change(Notification.Kind.DRAIN, Instant.now(), "node-1", "eu", "ops"));
            Await.until(WAIT, "both delivered to the first", () -> all.got().size() == 2);
            Await.until(WAIT, "the drain delivered to the second", () -> drains.got().size() == 1);
            assertEquals("drain", new JsonObject(drains.got().get(0).body()).getString("event"));
        }
    }

    @Test
    void aReceiverThatNeverAnswersDoesNotHoldAnother() throws Exception {
        try (Receiver stuck = new Receiver(); Receiver fine = new Receiver()) {
            stuck.hold();
            WebhookNotifier n = start(List.of(stuck.webhook("stuck", SECRET), fine.webhook("fine", SECRET)), 10,
                    Backoff.DEFAULT);
            long sent = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                n.send(reloadFailed("event " + i));
            }
            assertTrue(System.nanoTime() - sent < TimeUnit.MILLISECONDS.toNanos(100), "sending returns at once");
            Await.until(WAIT, "the other receiver got all three", () -> fine.got().size() == 3);
            assertEquals(1, stuck.got().size(), "the stuck one holds its first");
        }
    }

    private static long millisBetween(Receiver.Got a, Receiver.Got b) {
        return (b.nanos() - a.nanos()) / 1_000_000;
    }
}
