package dev.meridian.probes.health;

import static dev.meridian.probes.observe.HealthStatus.DOWN;
import static dev.meridian.probes.observe.HealthStatus.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthAggregatorTest {
    private static final String WEB1 = "example.com/eu/web1";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(15);

    private final TestClock clock = new TestClock(T0);
    private final TestVotes store = new TestVotes();
    private final InMemoryEventLog events = new InMemoryEventLog(100);
    private HealthAggregator aggregator;

    @BeforeEach
    void setUp() {
        aggregator = aggregator(HealthSettings.DEFAULT);
    }

    private HealthAggregator aggregator(HealthSettings settings) {
        HealthAggregator a = HealthAggregator.builder(clock).settings(settings).eventLog(events).build();
        store.attach(a);
        return a;
    }

    /** Publishes one vantage's verdict on WEB1, held since {@code since}, observed now. */
    private void observe(String vantage, HealthStatus status, Instant since) {
        observe(WEB1, vantage, status, 0, since);
    }

    private void observe(String endpoint, String vantage, HealthStatus status, int failingStreak, Instant since) {
        store.publish(new Observation(endpoint, vantage, status, failingStreak, 12.0, 20.0, since.toEpochMilli(),
                clock.instant().toEpochMilli()));
    }

    private void observeNow(String vantage, HealthStatus status) {
        observe(vantage, status, clock.instant());
    }

    private EndpointHealth web1() {
        return aggregator.view().health(WEB1);
    }

    @ParameterizedTest(name = "quorum {0}: votes {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0.5  | UP UP UP       | UP
            0.5  | UP UP DOWN     | UP
            0.5  | UP DOWN DOWN   | DOWN
            0.5  | DOWN DOWN DOWN | DOWN
            0.5  | UP DOWN        | UP
            0.5  | DOWN           | DOWN
            0.5  | UP             | UP
            0.67 | UP UP DOWN     | DOWN
            0.18 | UP DOWN DOWN   | UP
            1.0  | UP UP UP DOWN  | DOWN
            """)
    void verdictIsTheShareOfFreshVantagesSeeingItUp(double quorum, String votes, HealthStatus expected) {
        HealthAggregator a = aggregator(HealthSettings.DEFAULT.withQuorum(quorum));
        String[] statuses = votes.trim().split("\\s+");
        for (int i = 0; i < statuses.length; i++) {
            observeNow("region" + i + "/agent", HealthStatus.valueOf(statuses[i]));
        }
        assertEquals(expected, a.view().health(WEB1).status());
        assertFalse(a.view().health(WEB1).stale());
    }

    @Test
    void oneOfThreeVantagesDownStaysUp() {
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        observeNow("ap/c", DOWN);

        assertEquals(UP, web1().status());
        HealthSnapshot.EndpointState state = aggregator.snapshot().endpoints().get(WEB1);
        assertEquals(2, state.freshUp());
        assertEquals(1, state.freshDown());
        assertTrue(events.newestFirst(10).isEmpty(), "no status change, no event");
    }

    @Test
    void twoOfThreeVantagesDownFailsOverSinceTheSecondSawIt() {
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        observeNow("ap/c", UP);
        clock.advance(Duration.ofSeconds(5));
        Instant bDown = clock.instant();
        observeNow("us/b", DOWN);
        assertEquals(UP, web1().status());

        clock.advance(Duration.ofSeconds(3));
        Instant cDown = clock.instant();
        observeNow("ap/c", DOWN);

        assertEquals(DOWN, web1().status());
        assertEquals(cDown, web1().since(), "down since the vote that broke the quorum, not since the first");
        FailoverEvent event = events.newestFirst(10).stream().filter(e -> e.subject().equals(WEB1)).findFirst()
                .orElseThrow();
        assertEquals(UP, event.from());
        assertEquals(DOWN, event.to());
        assertEquals(cDown, event.at());
        assertEquals(List.of("ap/c", "us/b"), event.downVantages());
        assertEquals(List.of("eu/a"), event.upVantages());
        assertTrue(bDown.isBefore(cDown));
    }

    @Test
    void aFailoverIsLoggedAsAnEventWithEndpointFromToAndVantages() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(HealthAggregator.class.getName());
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            observeNow("eu/a", UP);
            observeNow("us/b", UP);
            observeNow("ap/c", UP);
            observeNow("us/b", DOWN);
            observeNow("ap/c", DOWN);
        } finally {
            logger.removeHandler(handler);
        }
        dev.meridian.probes.logging.JsonLineFormatter json = new dev.meridian.probes.logging.JsonLineFormatter();
        io.vertx.core.json.JsonObject line = records.stream().map(json::format).map(io.vertx.core.json.JsonObject::new)
                .filter(l -> "failover".equals(l.getString("event"))).findFirst().orElseThrow();
        assertEquals(WEB1, line.getString("endpoint"));
        assertEquals("up", line.getString("from"));
        assertEquals("down", line.getString("to"));
        assertEquals(java.util.List.of("ap/c", "us/b"), line.getJsonObject("vantages").getJsonArray("down").getList());
        assertEquals(java.util.List.of("eu/a"), line.getJsonObject("vantages").getJsonArray("up").getList());
    }

    @Test
    void allObservationsExpiringKeepsTheLastStateMarkedStale() {
        observeNow("eu/a", UP);
        observeNow("us/b", DOWN);
        observeNow("ap/c", DOWN);
        assertEquals(DOWN, web1().status());
        Instant downSince = web1().since();
        long version = aggregator.snapshot().version();

        clock.advance(TTL.plusSeconds(1));
        store.tick();
        aggregator.tick();

        EndpointHealth held = web1();
        assertEquals(DOWN, held.status(), "a broken health system must not fail anything back or over");
        assertEquals(downSince, held.since());
        assertTrue(held.stale());
        assertEquals(1, aggregator.snapshot().staleCount());
        assertEquals(1, aggregator.staleTransitions());
        assertEquals(version + 1, aggregator.snapshot().version());
        FailoverEvent event = events.newestFirst(1).get(0);
        assertTrue(event.stale());
        assertFalse(event.isStatusChange());
        assertNull(aggregator.snapshot().endpoints().get(WEB1).verdict());
    }

    @Test
    void everyAgentGoneChangesNeitherStatusNorTtlUntilTheMaxStalenessThenHolds() {
        String web2 = "example.com/us/web2";
        observe(WEB1, "eu/a", UP, 0, T0);
        observe(web2, "eu/a", DOWN, 0, T0);
        aggregator.tick();
        Duration downBound = aggregator.view().nextChangeBound(web2);
        assertEquals(Duration.ofSeconds(10 + 30), downBound, "rise × interval, then the failback delay");
        assertEquals(HealthView.UNBOUNDED, aggregator.view().nextChangeBound(WEB1));

        // The agent dies: its last observations stop being fresh at T0 + 15 s.
        Instant staleSince = T0.plus(TTL);
        for (Duration step = Duration.ZERO; step.compareTo(HealthSettings.DEFAULT_MAX_STALENESS) < 0;
                step = step.plusSeconds(30)) {
            clock.advance(Duration.ofSeconds(30));
            store.tick();
            aggregator.tick();
            if (clock.instant().isBefore(staleSince.plus(HealthSettings.DEFAULT_MAX_STALENESS))) {
                assertEquals(UP, web1().status());
                assertEquals(DOWN, aggregator.view().health(web2).status());
                assertEquals(HealthView.UNBOUNDED, aggregator.view().nextChangeBound(WEB1),
                        "stale and up: the full TTL, at " + clock.instant());
                assertEquals(downBound, aggregator.view().nextChangeBound(web2), "stale and down: as before");
                assertEquals(0, aggregator.snapshot().expiredCount());
            }
        }
        assertEquals(2, aggregator.snapshot().staleCount());
        assertEquals(0, aggregator.staleExpirations());
        assertEquals(staleSince, events.newestFirst(10).stream().filter(e -> e.stale()).findFirst().orElseThrow().at(),
                "staleness begins when the last vote stopped being fresh, not at the tick that noticed");

        clock.advance(Duration.between(clock.instant(), staleSince.plus(HealthSettings.DEFAULT_MAX_STALENESS)));
        aggregator.tick();
        assertEquals(2, aggregator.snapshot().expiredCount());
        assertEquals(2, aggregator.staleExpirations());
        assertEquals(UP, web1().status(), "hold");
        assertEquals(DOWN, aggregator.view().health(web2).status(), "hold: nothing last seen down gets traffic");
        assertEquals(T0, aggregator.view().health(web2).since());
        assertEquals(HealthView.UNBOUNDED, aggregator.view().nextChangeBound(WEB1));
        assertEquals(downBound, aggregator.view().nextChangeBound(web2));
        FailoverEvent expiry = events.newestFirst(1).get(0);
        assertTrue(expiry.stale());
        assertFalse(expiry.isStatusChange());
        assertTrue(expiry.reason().contains("max-staleness"), expiry.reason());

        aggregator.tick();
        assertEquals(2, aggregator.staleExpirations(), "counted once per crossing");

        observe(WEB1, "eu/a", UP, 0, T0);
        assertFalse(web1().stale());
        assertEquals(1, aggregator.snapshot().expiredCount(), "fresh votes end the expiry");
    }

    @Test
    void failOpenCountsAStaleDownEndpointUpOnceTheMaxStalenessHasPassed() {
        HealthAggregator a = aggregator(HealthSettings.DEFAULT.withMaxStaleness(Duration.ofMinutes(2))
                .withAfterMaxStaleness(StaleRule.FAIL_OPEN));
        observeNow("eu/a", DOWN);
        Instant expiresAt = T0.plus(TTL).plus(Duration.ofMinutes(2));

        clock.advance(Duration.ofMinutes(1));
        store.tick();
        a.tick();
        assertTrue(a.view().health(WEB1).stale());
        assertEquals(DOWN, a.view().health(WEB1).status());
        assertEquals(Duration.ofSeconds(40), a.view().nextChangeBound(WEB1), "as any down endpoint");

        clock.advance(Duration.between(clock.instant(), expiresAt).minusSeconds(20));
        a.tick();
        assertEquals(Duration.ofSeconds(20), a.view().nextChangeBound(WEB1), "until it is counted as up");

        clock.advance(Duration.ofSeconds(20));
        a.tick();
        assertEquals(UP, a.view().health(WEB1).status());
        assertEquals(expiresAt, a.view().health(WEB1).since());
        assertTrue(a.view().health(WEB1).stale());
        assertEquals(1, a.snapshot().expiredCount());
        assertEquals(HealthView.UNBOUNDED, a.view().nextChangeBound(WEB1));
        FailoverEvent event = events.newestFirst(10).stream()
                .filter(e -> e.subject().equals(WEB1) && e.isStatusChange()).findFirst().orElseThrow();
        assertEquals(List.of(DOWN, UP), List.of(event.from(), event.to()));
        assertTrue(event.stale());

        observeNow("eu/a", DOWN);
        assertEquals(DOWN, a.view().health(WEB1).status(), "fresh votes decide again at once");
        assertEquals(0, a.snapshot().expiredCount());
    }

    @Test
    void aLateTickAppliesTheMaxStalenessFromWhenTheVotesWentStale() {
        observeNow("eu/a", DOWN);
        clock.advance(Duration.ofMinutes(10));
        aggregator.tick();
        HealthSnapshot.EndpointState state = aggregator.snapshot().endpoints().get(WEB1);
        assertTrue(state.health().stale());
        assertTrue(state.expired(), "stale since T0 + 15 s, past the maximum at T0 + 5 min 15 s");
        assertEquals(T0.plus(TTL).plus(HealthSettings.DEFAULT_MAX_STALENESS), events.newestFirst(1).get(0).at());
    }

    @Test
    void restoredEndpointsExpireTheMaxStalenessAfterTheRestore(@TempDir Path dir) {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        HealthAggregator first = HealthAggregator.builder(clock).stateFile(file).build();
        store.attach(first);
        observeNow("eu/a", DOWN);
        first.tick();

        clock.advance(Duration.ofHours(1));
        HealthAggregator restarted = HealthAggregator.builder(clock).stateFile(file)
                .settings(HealthSettings.DEFAULT.withAfterMaxStaleness(StaleRule.FAIL_OPEN)).build();
        new TestVotes().attach(restarted);
        assertEquals(DOWN, restarted.view().health(WEB1).status(), "an hour-old file: the rule counts from now");

        clock.advance(HealthSettings.DEFAULT_MAX_STALENESS);
        restarted.tick();
        assertEquals(UP, restarted.view().health(WEB1).status());
    }

    @Test
    void coldStartCountsCheckedEndpointsWithoutAVerdictUntilObservationsArrive() {
        String web2 = "example.com/us/web2";
        CheckTiming timing = CheckTiming.DEFAULT;
        aggregator.setPlan(List.of(new CheckTarget(WEB1, "eu", new CheckSpec.Tcp("192.0.2.1", 443), timing),
                new CheckTarget(web2, "us", new CheckSpec.Tcp("198.51.100.1", 443), timing)));
        assertTrue(aggregator.snapshot().isCold());
        assertEquals(2, aggregator.snapshot().unknown());
        assertEquals(EndpointHealth.ASSUMED_UP, web1(), "unknown counts as up");
        assertEquals(HealthView.UNBOUNDED, aggregator.view().nextChangeBound(WEB1));

        observeNow("eu/a", DOWN);
        assertFalse(aggregator.snapshot().isCold());
        assertEquals(1, aggregator.snapshot().unknown());

        observe(web2, "eu/a", UP, 0, clock.instant());
        assertEquals(0, aggregator.snapshot().unknown());
        assertEquals(DOWN, web1().status());
    }

    @Test
    void observationsOlderThanThreeIntervalsStopVotingEvenBeforeTheyExpire() {
        store.publish(new Observation(WEB1, "eu/a", DOWN, 0, Double.NaN, Double.NaN, T0.toEpochMilli(),
                T0.toEpochMilli()));
        assertEquals(DOWN, web1().status());

        clock.advance(Duration.ofSeconds(15));
        aggregator.tick();
        assertFalse(web1().stale(), "exactly three intervals old is still fresh");

        clock.advance(Duration.ofMillis(1));
        aggregator.tick();
        assertTrue(web1().stale());
        assertEquals(DOWN, web1().status());
    }

    @Test
    void staleEndpointBecomesFreshAgainWithoutAStatusChange() {
        observeNow("eu/a", UP);
        clock.advance(TTL.plusSeconds(1));
        store.tick();
        aggregator.tick();
        assertTrue(web1().stale());

        observeNow("eu/a", UP);

        assertFalse(web1().stale());
        assertEquals(UP, web1().status());
        FailoverEvent event = events.newestFirst(1).get(0);
        assertFalse(event.stale());
        assertFalse(event.isStatusChange());
    }

    @Test
    void recoveredEndpointStaysDownUntilTheFailbackDelayHasPassed() {
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        observeNow("ap/c", DOWN);
        assertEquals(DOWN, web1().status());

        clock.advance(Duration.ofSeconds(10));
        Instant recovered = clock.instant();
        observe("eu/a", UP, recovered);
        observe("us/b", UP, recovered);
        assertEquals(DOWN, web1().status(), "failback waits");
        assertEquals(UP, aggregator.snapshot().endpoints().get(WEB1).verdict());

        // Agents refresh their observations every 10 s; the verdict's since stays where it was.
        clock.advance(Duration.ofSeconds(10));
        observe("eu/a", UP, recovered);
        observe("us/b", UP, recovered);
        clock.advance(Duration.ofSeconds(10));
        observe("eu/a", UP, recovered);
        observe("us/b", UP, recovered);
        clock.advance(Duration.ofSeconds(9));
        aggregator.tick();
        assertEquals(DOWN, web1().status());
        assertEquals(Duration.ofSeconds(1), aggregator.view().nextChangeBound(WEB1, clock.instant()));

        clock.advance(Duration.ofSeconds(1));
        aggregator.tick();
        assertEquals(UP, web1().status());
        assertEquals(recovered.plusSeconds(30), web1().since());
        FailoverEvent failback = events.newestFirst(1).get(0);
        assertEquals(DOWN, failback.from());
        assertEquals(UP, failback.to());
    }

    @Test
    void failbackDelayStartsAgainWhenTheQuorumIsLostMeanwhile() {
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        clock.advance(Duration.ofSeconds(5));
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        clock.advance(Duration.ofSeconds(10));
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        clock.advance(Duration.ofSeconds(5));
        Instant recoveredAgain = clock.instant();
        observeNow("eu/a", UP);
        observeNow("us/b", UP);

        clock.advance(Duration.ofSeconds(12));
        observe("eu/a", UP, recoveredAgain);
        observe("us/b", UP, recoveredAgain);
        clock.advance(Duration.ofSeconds(12));
        observe("eu/a", UP, recoveredAgain);
        observe("us/b", UP, recoveredAgain);
        aggregator.tick();
        assertEquals(DOWN, web1().status(), "30 s since the first recovery, 24 s since the second");

        clock.advance(Duration.ofSeconds(6));
        aggregator.tick();
        assertEquals(UP, web1().status());
        assertEquals(recoveredAgain.plusSeconds(30), web1().since());
    }

    @Test
    void holdTimeKeepsAStateBeforeItMayFlipAgain() {
        HealthAggregator a = aggregator(HealthSettings.DEFAULT.withMinHold(Duration.ofSeconds(60))
                .withFailbackDelay(Duration.ZERO));
        observeNow("eu/a", UP);
        clock.advance(Duration.ofSeconds(20));
        observeNow("eu/a", DOWN);
        assertEquals(UP, a.view().health(WEB1).status(), "up since T0, held until T0+60s");

        clock.advance(Duration.ofSeconds(10));
        observe("eu/a", DOWN, T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(10));
        observe("eu/a", DOWN, T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(10));
        observe("eu/a", DOWN, T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(10));
        a.tick();
        assertEquals(DOWN, a.view().health(WEB1).status());
        assertEquals(T0.plusSeconds(60), a.view().health(WEB1).since());
    }

    @Test
    void versionIncrementsOnlyWhenHealthChanges() {
        assertEquals(0, aggregator.snapshot().version());
        observeNow("eu/a", UP);
        assertEquals(1, aggregator.snapshot().version(), "a new endpoint is a change");

        clock.advance(Duration.ofSeconds(5));
        observe("eu/a", UP, T0);
        aggregator.tick();
        assertEquals(1, aggregator.snapshot().version(), "a refreshed observation is not");
        assertEquals(clock.instant(), aggregator.snapshot().builtAt(), "but the snapshot is rebuilt on a tick");

        observeNow("us/b", DOWN);
        assertEquals(1, aggregator.snapshot().version(), "a tie is still up: votes changed, health did not");
        assertEquals(1, aggregator.snapshot().endpoints().get(WEB1).freshDown());

        observeNow("ap/c", DOWN);
        assertEquals(2, aggregator.snapshot().version());
        aggregator.tick();
        aggregator.tick();
        assertEquals(2, aggregator.snapshot().version());
    }

    @Test
    void unchangedObservationDoesNotRepublishTheSnapshot() {
        observeNow("eu/a", UP);
        HealthSnapshot before = aggregator.snapshot();
        clock.advance(Duration.ofSeconds(1));
        observe("eu/a", UP, T0);
        assertSame(before, aggregator.snapshot());
    }

    @Test
    void eventLogRecordsFailoverAndFailbackNewestFirst() {
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        clock.advance(Duration.ofSeconds(1));
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        clock.advance(Duration.ofSeconds(1));
        Instant back = clock.instant();
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            observe("eu/a", UP, back);
            observe("us/b", UP, back);
        }
        aggregator.tick();

        List<FailoverEvent> log = events.newestFirst(10).stream().filter(e -> e.subject().equals(WEB1)).toList();
        assertEquals(2, log.size(), log::toString);
        assertEquals(List.of(DOWN, UP), List.of(log.get(0).from(), log.get(0).to()));
        assertEquals(List.of(UP, DOWN), List.of(log.get(1).from(), log.get(1).to()));
        assertEquals(List.of("eu/a", "us/b"), log.get(1).downVantages());
        assertTrue(log.get(0).version() > log.get(1).version());
        assertEquals(aggregator.snapshot().version(), log.get(0).version());
    }

    @Test
    void regionIsDownWhenEveryEndpointOfItIsDown() {
        String web2 = WEB1.substring(0, WEB1.lastIndexOf('/')) + "/web2";
        String region = WEB1.substring(0, WEB1.lastIndexOf('/'));
        observe(WEB1, "eu/a", UP, 0, clock.instant());
        observe(web2, "eu/a", UP, 0, clock.instant());
        observe(WEB1, "eu/a", DOWN, 3, clock.instant());
        assertTrue(events.newestFirst(10).stream().noneMatch(e -> e.subject().equals(region)), "web2 still up");
        observe(web2, "eu/a", DOWN, 3, clock.instant());
        FailoverEvent regionDown = events.newestFirst(1).get(0);
        assertEquals(region, regionDown.subject());
        assertEquals(List.of(UP, DOWN), List.of(regionDown.from(), regionDown.to()));
    }

    @Test
    void firstVerdictDownIsAFailoverFromAssumedUp() {
        assertEquals(EndpointHealth.ASSUMED_UP, web1());
        observeNow("eu/a", DOWN);
        assertEquals(DOWN, web1().status());
        FailoverEvent event = events.newestFirst(1).get(0);
        assertEquals(UP, event.from());
        assertEquals(DOWN, event.to());
    }

    @Test
    void tooFewFreshVantagesGiveNoVerdict() {
        HealthAggregator a = aggregator(HealthSettings.DEFAULT.withMinFreshVantages(2));
        observeNow("eu/a", DOWN);
        assertEquals(EndpointHealth.ASSUMED_UP, a.view().health(WEB1), "one partitioned agent decides nothing");

        observeNow("us/b", DOWN);
        assertEquals(DOWN, a.view().health(WEB1).status());

        clock.advance(Duration.ofSeconds(10));
        observeNow("us/b", DOWN);
        clock.advance(Duration.ofSeconds(10));
        observeNow("us/b", DOWN);
        a.tick();
        assertEquals(DOWN, a.view().health(WEB1).status());
        assertTrue(a.view().health(WEB1).stale(), "one fresh vote left: held and stale");
    }

    @Test
    void nextChangeBoundShrinksWhileVantagesAreFailing() {
        CheckTiming timing = CheckTiming.DEFAULT; // 5 s interval, fall 3, rise 2
        observe(WEB1, "eu/a", UP, 0, T0);
        observe(WEB1, "us/b", UP, 0, T0);
        observe(WEB1, "ap/c", UP, 0, T0);
        aggregator.tick();
        assertEquals(timing.interval().multipliedBy(3), aggregator.view().nextChangeBound(WEB1, clock.instant()));
        assertEquals(HealthView.UNBOUNDED, aggregator.view().nextChangeBound(WEB1),
                "for answer TTLs a healthy, quiet endpoint is unbounded");

        observe(WEB1, "eu/a", UP, 2, T0);
        aggregator.tick();
        assertEquals(Duration.ofSeconds(15), aggregator.view().nextChangeBound(WEB1, clock.instant()),
                "one failing vantage of three cannot fail it over alone");
        assertEquals(1, aggregator.snapshot().endpoints().get(WEB1).failingVantages());
        assertEquals(Duration.ofSeconds(15), aggregator.view().nextChangeBound(WEB1), "failing: bounded for TTLs too");

        observe(WEB1, "us/b", UP, 1, T0);
        aggregator.tick();
        assertEquals(Duration.ofSeconds(10), aggregator.view().nextChangeBound(WEB1, clock.instant()));

        observe(WEB1, "us/b", UP, 2, T0);
        aggregator.tick();
        assertEquals(Duration.ofSeconds(5), aggregator.view().nextChangeBound(WEB1, clock.instant()));
        assertEquals(Duration.ofSeconds(2), aggregator.view().nextChangeBound(WEB1, clock.instant().plusSeconds(3)));

        observe(WEB1, "us/b", DOWN, 0, clock.instant());
        observe(WEB1, "ap/c", DOWN, 0, clock.instant());
        aggregator.tick();
        assertEquals(DOWN, web1().status());
        assertEquals(Duration.ofSeconds(10 + 30), aggregator.view().nextChangeBound(WEB1, clock.instant()),
                "rise × interval, then the failback delay");
        assertEquals(HealthSnapshot.EndpointState.UNBOUNDED,
                aggregator.view().nextChangeBound("nobody/checks/this", clock.instant()));
    }

    @Test
    void planTimingsSetFreshnessAndEndpointsLeavingThePlanAreForgotten() {
        CheckTarget target = new CheckTarget(WEB1, "eu", new CheckSpec.Tcp("192.0.2.1", 443),
                new CheckTiming(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 3));
        aggregator.setPlan(List.of(target));
        observeNow("eu/a", DOWN);
        clock.advance(Duration.ofSeconds(4));
        aggregator.tick();
        assertTrue(web1().stale(), "1 s interval: stale after 3 s");

        long version = aggregator.snapshot().version();
        clock.advance(TTL);
        store.tick();
        aggregator.setPlan(List.of());
        assertEquals(EndpointHealth.ASSUMED_UP, web1());
        assertEquals(version + 1, aggregator.snapshot().version());
    }

    @Test
    void aNodeThatStartsLaterPublishesTheSameHealth() {
        observeNow("eu/a", UP);
        observeNow("us/b", UP);
        clock.advance(Duration.ofSeconds(3));
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        clock.advance(Duration.ofSeconds(4));

        HealthAggregator late = HealthAggregator.builder(clock).build();
        store.attach(late);
        store.heartbeat();

        assertEquals(aggregator.snapshot().endpoints().get(WEB1).health(), late.view().health(WEB1));
    }

    @Test
    void restartedNodeServesItsLastStateFromTheStateFile(@TempDir Path dir) {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        HealthAggregator first = HealthAggregator.builder(clock).stateFile(file).build();
        store.attach(first);
        observeNow("eu/a", DOWN);
        observeNow("us/b", DOWN);
        Instant downSince = first.view().health(WEB1).since();
        long version = first.snapshot().version();
        first.tick();

        clock.advance(Duration.ofMinutes(5));
        TestVotes emptyAfterRestart = new TestVotes();
        HealthAggregator restarted = HealthAggregator.builder(clock).stateFile(file).build();
        emptyAfterRestart.attach(restarted);

        EndpointHealth restored = restarted.view().health(WEB1);
        assertEquals(DOWN, restored.status(), "not assumed up after a restart");
        assertEquals(downSince, restored.since());
        assertTrue(restored.stale());
        assertTrue(restarted.snapshot().version() > version);

        Instant back = clock.instant();
        emptyAfterRestart.publish(new Observation(WEB1, "eu/a", UP, 0, 1, 1, back.toEpochMilli(),
                back.toEpochMilli()));
        assertEquals(DOWN, restarted.view().health(WEB1).status(), "fresh again, but the failback delay applies");
        assertFalse(restarted.view().health(WEB1).stale());
    }

    @Test
    void healthChangesReachTheStateFileOnTheNextTick(@TempDir Path dir) throws java.io.IOException {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        HealthAggregator a = HealthAggregator.builder(clock).stateFile(file).build();
        store.attach(a);
        observeNow("eu/a", DOWN);
        assertFalse(java.nio.file.Files.exists(file.path()), "never written from the store's event thread");

        a.tick();
        assertEquals(a.snapshot().version(), file.read().version());
        assertEquals(DOWN, file.read().endpoints().get(WEB1).status());
    }

    @Test
    void stateFileOlderThanTheColdStartLimitIsIgnored(@TempDir Path dir) {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        HealthAggregator first = HealthAggregator.builder(clock).stateFile(file).build();
        store.attach(first);
        observeNow("eu/a", DOWN);
        first.tick();

        clock.advance(Duration.ofHours(25));
        HealthAggregator restarted = HealthAggregator.builder(clock).stateFile(file).build();
        assertEquals(EndpointHealth.ASSUMED_UP, restarted.view().health(WEB1));
    }

    @Test
    void unknownEndpointsAreAssumedUp() {
        observeNow("eu/a", DOWN);
        assertEquals(EndpointHealth.ASSUMED_UP, aggregator.view().health("other/eu/web9"));
        assertEquals(1, aggregator.snapshot().endpoints().size());
    }

    @Test
    void aFullBatchWithdrawsTheVotesItDoesNotList() {
        String web2 = "example.com/eu/web2";
        observeNow("eu/a", DOWN);
        observe(web2, "eu/a", DOWN, 0, clock.instant());
        assertEquals(DOWN, aggregator.view().health(web2).status());

        Observation stillChecked = new Observation(WEB1, "eu/a", DOWN, 0, 1, 1, T0.toEpochMilli(),
                clock.instant().toEpochMilli());
        aggregator.onVotes(VoteBatch.all("eu/a", List.of(stillChecked)));

        assertEquals(DOWN, web1().status());
        assertTrue(aggregator.view().health(web2).stale(), "the agent no longer checks web2: its vote is gone");
        assertEquals(0, aggregator.snapshot().endpoints().get(web2).freshDown());
    }

    @Test
    void aBatchOfManyEndpointsPublishesOneSnapshot() {
        observeNow("eu/a", UP);
        long version = aggregator.snapshot().version();
        List<Observation> down = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            down.add(new Observation("example.com/eu/web" + (i + 10), "eu/a", DOWN, 0, 1, 1,
                    clock.instant().toEpochMilli(), clock.instant().toEpochMilli()));
        }
        aggregator.onVotes(VoteBatch.changes("eu/a", down));
        assertEquals(version + 1, aggregator.snapshot().version(), "fifty first verdicts, one new snapshot");
        assertEquals(51, aggregator.snapshot().endpoints().size());
    }

    @Test
    void aVantageSilentForADayIsNoLongerListedWhileOneStillHeardIs() {
        observeNow("eu/retired", UP);
        clock.advance(HealthAggregator.VANTAGE_FORGOTTEN_AFTER.minusSeconds(1));
        observeNow("us/b", UP);
        aggregator.tick();
        assertEquals(java.util.Set.of("eu/retired", "us/b"), aggregator.vantagesLastHeard().keySet(),
                "silent for less than a day: still listed, with when it was last heard");

        clock.advance(Duration.ofSeconds(2));
        aggregator.tick();

        assertEquals(java.util.Map.of("us/b", T0.plus(HealthAggregator.VANTAGE_FORGOTTEN_AFTER).minusSeconds(1)),
                aggregator.vantagesLastHeard());
    }
}
