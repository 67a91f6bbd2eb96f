package dev.meridian.probes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.check.CheckResult;
import dev.meridian.probes.check.Checker;
import dev.meridian.probes.check.Checkers;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import dev.meridian.probes.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
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

/** The scheduler on a real Vert.x, with real HTTP checks against MockWebServer or with scripted checkers. */
@Timeout(30)
class CheckSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String VANTAGE = "eu-west/agent-1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();
    private Vertx vertx;
    private Checkers checkers;
    private CheckScheduler scheduler;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (checkers != null) {
            checkers.close();
        }
        Await.result(vertx.close());
    }

    @Test
    void backendTurningTo503IsDownAfterExactlyFallFailuresAndUpAgainAfterRiseSuccesses() {
        AtomicInteger status = new AtomicInteger(200);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(status.get()).build();
            }
        });
        CheckTiming timing = new CheckTiming(Duration.ofMillis(100), Duration.ofMillis(80), 2, 3);
        checkers = Checkers.create(vertx);
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add);
        scheduler.update(List.of(httpTarget("gslb.example/eu-west/web-1", timing, null)));

        List<Observation> log = until(o -> true);
        Observation first = log.get(0);
        assertEquals(HealthStatus.UP, first.status(), "first verdict after `rise` passed checks, nothing before it");
        assertEquals(VANTAGE, first.vantage());
        assertEquals("gslb.example/eu-west/web-1", first.endpointKey());
        assertTrue(first.smoothedRttMillis() > 0 && first.p95RttMillis() > 0, first.toString());

        status.set(503);
        log.addAll(until(o -> o.status() == HealthStatus.DOWN));
        int down = log.size() - 1;
        assertEquals(3, log.get(down).failingStreak(), "down after exactly `fall` failures");
        assertEquals(log.get(down).observedEpochMillis(), log.get(down).sinceEpochMillis());
        assertEquals(List.of("UP/1", "UP/2", "DOWN/3"), summaries(log.subList(down - 2, down + 1)));

        status.set(200);
        log.addAll(until(o -> o.status() == HealthStatus.UP));
        int up = log.size() - 1;
        assertEquals(log.get(up).observedEpochMillis(), log.get(up).sinceEpochMillis());
        assertEquals("DOWN/0", summary(log.get(up - 1)), "one passed check is not enough to rise");
        assertTrue(summary(log.get(up - 2)).startsWith("DOWN/") && log.get(up - 2).failingStreak() >= 1,
                "the check before the two that passed failed: " + log.get(up - 2));
        assertEquals(log.get(down).sinceEpochMillis(), log.get(up - 1).sinceEpochMillis());
    }

    private static List<String> summaries(List<Observation> observations) {
        return observations.stream().map(CheckSchedulerTest::summary).toList();
    }

    /** Status and failing streak, e.g. {@code UP/2}. */
    private static String summary(Observation observation) {
        return observation.status() + "/" + observation.failingStreak();
    }

    @Test
    void slowBackendNeverSeesTwoChecksAtOnce() {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        // Promises a body the check must read, sends none, and counts the connection open until the checker gives up and closes it.
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Length", 1000).socketHandler(socket -> {
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    try {
                        BufferedSource in = Okio.buffer(socket.getSource());
                        while (!in.exhausted()) {
                            in.skip(in.getBuffer().size());
                        }
                    } catch (IOException closedByClient) {
                        // The checker reset the connection: that is the end of its check too.
                    } finally {
                        open.decrementAndGet();
                    }
                }).build();
            }
        });
        CheckTiming timing = new CheckTiming(Duration.ofMillis(250), Duration.ofMillis(100), 2, 3);
        CheckTarget target = httpTarget("gslb.example/eu-west/web-1", timing, "ready");
        checkers = Checkers.create(vertx);
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add);
        scheduler.update(List.of(target));

        for (int requests = 1; requests <= 8; requests++) {
            int seen = requests;
            Await.until(WAIT, seen + " requests", () -> server.getRequestCount() >= seen);
            // Re-sending the same plan must not start a second runner for the target.
            scheduler.update(List.of(target));
        }

        assertEquals(1, mostOpen.get(), "requests open at once");
        Await.until(WAIT, "a DOWN verdict", () -> observations.stream().anyMatch(o -> o.status() == HealthStatus.DOWN));
    }

    @Test
    void tickIsSkippedWhileTheCheckBeforeIsStillRunning() {
        // A checker that overruns its timeout (a contract breach) must still never have two checks at once.
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<Long> startedNanos = new ArrayList<>();
        long holdMillis = 200;
        Checker<CheckSpec.Tcp> overrunning = (spec, timeout) -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            synchronized (startedNanos) {
                startedNanos.add(System.nanoTime());
            }
            Promise<CheckResult> done = Promise.promise();
            vertx.setTimer(holdMillis, id -> {
                running.decrementAndGet();
                done.complete(new CheckResult.Ok(holdMillis));
            });
            return done.future();
        };
        checkers = scripted(overrunning);
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add);
        scheduler.update(List.of(tcpTarget(1, new CheckTiming(Duration.ofMillis(50), Duration.ofMillis(40), 1, 1))));

        Await.until(WAIT, "four checks", () -> {
            synchronized (startedNanos) {
                return startedNanos.size() >= 4;
            }
        });

        assertEquals(1, mostRunning.get(), "checks running at once");
        synchronized (startedNanos) {
            for (int i = 1; i < startedNanos.size(); i++) {
                long gapMillis = TimeUnit.NANOSECONDS.toMillis(startedNanos.get(i) - startedNanos.get(i - 1));
                assertTrue(gapMillis >= holdMillis, "check started " + gapMillis + " ms after the one before");
            }
        }
    }

    @Test
    void firstChecksAreSpreadOverTheIntervalByTheRandomDelay() {
        int targets = 20;
        long intervalMillis = 1000;
        Map<Integer, Long> firstCheckNanos = new ConcurrentHashMap<>();
        checkers = scripted((spec, timeout) -> {
            firstCheckNanos.putIfAbsent(spec.port(), System.nanoTime());
            return Future.succeededFuture(new CheckResult.Ok(1));
        });
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add, new StepClock(), new Random(7));
        List<CheckTarget> plan = new ArrayList<>();
        for (int port = 1; port <= targets; port++) {
            plan.add(tcpTarget(port, new CheckTiming(Duration.ofMillis(intervalMillis), Duration.ofMillis(500), 2, 3)));
        }

        long updatedNanos = System.nanoTime();
        scheduler.update(plan);
        Await.until(WAIT, "a first check of every target", () -> firstCheckNanos.size() == targets);

        // The same seed draws the same delays, in plan order: each first check waits its own draw.
        Random expected = new Random(7);
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (int port = 1; port <= targets; port++) {
            long delay = 1 + expected.nextLong(intervalMillis);
            long actual = TimeUnit.NANOSECONDS.toMillis(firstCheckNanos.get(port) - updatedNanos);
            assertTrue(actual >= delay - 1 && actual <= delay + 250, "port " + port + ": drew " + delay
                    + " ms, first check after " + actual + " ms");
            earliest = Math.min(earliest, actual);
            latest = Math.max(latest, actual);
        }
        assertTrue(latest - earliest >= intervalMillis / 2, "first checks spread over only " + (latest - earliest)
                + " ms");
    }

    @Test
    void updateKeepsUnchangedTargetsStopsRemovedOnesAndRestartsChangedOnes() {
        Map<Integer, AtomicInteger> checksByPort = new ConcurrentHashMap<>();
        checkers = scripted((spec, timeout) -> {
            checksByPort.computeIfAbsent(spec.port(), p -> new AtomicInteger()).incrementAndGet();
            return Future.succeededFuture(new CheckResult.Ok(1));
        });
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add, new StepClock(), new Random(1));
        CheckTiming timing = new CheckTiming(Duration.ofMillis(40), Duration.ofMillis(30), 1, 1);
        CheckTarget kept = tcpTarget(1, timing);
        CheckTarget removed = tcpTarget(2, timing);
        CheckTarget added = tcpTarget(3, timing);
        scheduler.update(List.of(kept, removed));
        Observation keptBefore = nextFor(kept);
        nextFor(removed);

        scheduler.update(List.of(kept, added));
        nextFor(added);
        int removedChecks = checksByPort.get(2).get();
        int addedChecks = checksByPort.get(3).get();
        Await.until(WAIT, "five more checks of the added target", () -> checksByPort.get(3).get() >= addedChecks + 5);

        assertEquals(removedChecks, checksByPort.get(2).get(), "the removed target is no longer checked");
        assertEquals(keptBefore.sinceEpochMillis(), nextFor(kept).sinceEpochMillis(), "the kept target kept its state");

        CheckTarget changed = tcpTarget(1, new CheckTiming(Duration.ofMillis(50), Duration.ofMillis(30), 1, 1));
        scheduler.update(List.of(changed, added));
        Await.until(WAIT, "an observation of the changed target with a new verdict", () -> observations.stream()
                .anyMatch(o -> o.endpointKey().equals(changed.endpointKey())
                        && o.sinceEpochMillis() != keptBefore.sinceEpochMillis()));
    }

    @Test
    void closeStopsAllChecksAndObservations() {
        AtomicInteger checks = new AtomicInteger();
        checkers = scripted((spec, timeout) -> {
            checks.incrementAndGet();
            return Future.succeededFuture(new CheckResult.Ok(1));
        });
        CheckTiming timing = new CheckTiming(Duration.ofMillis(20), Duration.ofMillis(10), 1, 1);
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add);
        scheduler.update(List.of(tcpTarget(1, timing), tcpTarget(2, timing)));
        Await.until(WAIT, "observations of both targets", () -> observations.stream()
                .map(Observation::endpointKey).distinct().count() == 2);

        scheduler.close();
        observations.clear();
        int checksAtClose = checks.get();

        // A witness scheduler on the same event loops shows time passing without a bare sleep.
        AtomicInteger witnessed = new AtomicInteger();
        try (CheckScheduler witness = new CheckScheduler(vertx, scripted((spec, timeout) -> {
            witnessed.incrementAndGet();
            return Future.succeededFuture(new CheckResult.Ok(1));
        }), VANTAGE, o -> { })) {
            witness.update(List.of(tcpTarget(9, timing)));
            Await.until(WAIT, "ten witness checks", () -> witnessed.get() >= 10);
        }
        assertTrue(observations.isEmpty(), "observations after close: " + observations);
        // One check per target may already have been started when close() was called.
        assertTrue(checks.get() <= checksAtClose + 2, (checks.get() - checksAtClose) + " checks after close");
    }

    @Test
    void twoTargetsForOneEndpointAreRejected() {
        checkers = scripted((spec, timeout) -> Future.succeededFuture(new CheckResult.Ok(1)));
        scheduler = new CheckScheduler(vertx, checkers, VANTAGE, observations::add);
        CheckTarget one = tcpTarget(1, CheckTiming.DEFAULT);
        CheckTarget same = new CheckTarget(one.endpointKey(), "us-east", new CheckSpec.Tcp("127.0.0.1", 2),
                CheckTiming.DEFAULT);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scheduler.update(List.of(one, same)));
        assertTrue(e.getMessage().contains(one.endpointKey()), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
        assertNotEquals(one, same);
    }

    private CheckTarget httpTarget(String endpointKey, CheckTiming timing, String bodyContains) {
        CheckSpec.Http spec = new CheckSpec.Http(server.getSocketAddress().getAddress().getHostAddress(),
                server.getPort(), false, "GET", "/health", null, null, 200, 399, bodyContains);
        return new CheckTarget(endpointKey, "eu-west", spec, timing);
    }

    private static CheckTarget tcpTarget(int port, CheckTiming timing) {
        return new CheckTarget("gslb.example/eu-west/ep-" + port, "eu-west", new CheckSpec.Tcp("127.0.0.1", port),
                timing);
    }

    /** Checkers whose TCP checks are scripted; the other kinds are not used by these tests. */
    private static Checkers scripted(Checker<CheckSpec.Tcp> tcp) {
        return new Checkers((spec, timeout) -> Future.failedFuture("no HTTP here"), tcp,
                (spec, timeout) -> Future.failedFuture("no DNS here"));
    }

    private Observation next() {
        try {
            Observation observation = observations.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (observation == null) {
                throw new AssertionError("no observation within " + WAIT);
            }
            return observation;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private Observation nextFor(CheckTarget target) {
        return until(o -> o.endpointKey().equals(target.endpointKey())).stream()
                .reduce((first, second) -> second).orElseThrow();
    }

    /** Observations up to and including the first that matches. */
    private List<Observation> until(Predicate<Observation> wanted) {
        List<Observation> seen = new ArrayList<>();
        Observation observation;
        do {
            observation = next();
            seen.add(observation);
        } while (!wanted.test(observation));
        return seen;
    }
}
