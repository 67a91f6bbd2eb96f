package dev.meridian.probes.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.health.HealthStatus;
import dev.meridian.probes.health.TestClock;
import dev.meridian.probes.observe.ObservationStore.Change;
import dev.meridian.probes.observe.ObservationStore.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryObservationStoreTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryObservationStore store = new InMemoryObservationStore(clock);
    private final List<Change> changes = new ArrayList<>();

    private Observation observation(String vantage, HealthStatus status) {
        long now = clock.instant().toEpochMilli();
        return new Observation("ex/eu/web1", vantage, status, 0, 1, 2, now, now);
    }

    @Test
    void entriesExpireAfterTheirTimeToLiveOnTheInjectedClock() {
        store.subscribe(changes::add);
        Observation a = observation("eu/a", HealthStatus.UP);
        store.publish(a, Duration.ofSeconds(10));

        clock.advance(Duration.ofMillis(9_999));
        assertEquals(List.of(a), store.snapshot());

        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(), store.snapshot());
        assertEquals(List.of(new Change(Kind.ADDED, a), new Change(Kind.EXPIRED, a)), changes);
    }

    @Test
    void republishingRefreshesTheTimeToLiveAndIsAnUpdate() {
        store.subscribe(changes::add);
        store.publish(observation("eu/a", HealthStatus.UP), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(8));
        Observation again = observation("eu/a", HealthStatus.DOWN);
        store.publish(again, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(8));
        store.expireDue();

        assertEquals(List.of(again), store.snapshot());
        assertEquals(List.of(Kind.ADDED, Kind.UPDATED), changes.stream().map(Change::kind).toList());
    }

    @Test
    void removalIsReportedAndUnsubscribedListenersHearNothing() {
        ObservationStore.Subscription subscription = store.subscribe(changes::add);
        Observation a = observation("eu/a", HealthStatus.UP);
        store.publish(a, Duration.ofSeconds(10));
        store.remove("ex/eu/web1", "eu/a");
        subscription.close();
        store.publish(a, Duration.ofSeconds(10));

        assertEquals(List.of(new Change(Kind.ADDED, a), new Change(Kind.REMOVED, a)), changes);
        assertTrue(changes.get(1).isRemoval());
    }

    @Test
    void keyIsEndpointAndVantage() {
        assertEquals("ex/eu/web1|eu/a", ObservationStore.keyOf(observation("eu/a", HealthStatus.UP)));
    }

    @Test
    void timeToLiveMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> store.publish(observation("eu/a", HealthStatus.UP), Duration.ZERO));
    }
}
