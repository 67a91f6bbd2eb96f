package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where a key is in its life at a time, and when that changes next, as its timing says. */
class KeyTimingTest {
    private static final Instant PUBLISH = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant ACTIVATE = PUBLISH.plus(Duration.ofHours(2));
    private static final Instant INACTIVE = ACTIVATE.plus(Duration.ofDays(30));
    private static final Instant DELETE = INACTIVE.plus(Duration.ofDays(1));
    private static final KeyTiming TIMING = new KeyTiming(PUBLISH, ACTIVATE, INACTIVE, DELETE);

    @Test
    void aKeyGoesThroughEveryStateAtItsTimes() {
        assertEquals(KeyState.CREATED, TIMING.stateAt(PUBLISH.minusSeconds(1)));
        assertEquals(KeyState.PUBLISHED, TIMING.stateAt(PUBLISH));
        assertEquals(KeyState.ACTIVE, TIMING.stateAt(ACTIVATE));
        assertEquals(KeyState.INACTIVE, TIMING.stateAt(INACTIVE));
        assertEquals(KeyState.DELETED, TIMING.stateAt(DELETE));
    }

    @Test
    void aKeyWithoutTimingIsActiveForEver() {
        assertEquals(KeyState.ACTIVE, KeyTiming.ALWAYS.stateAt(PUBLISH));
    }

    @Test
    void theNextChangeIsTheFirstTimingEventAfterNow() {
        assertEquals(ACTIVATE, TIMING.nextChangeAfter(PUBLISH));
        assertEquals(DELETE, TIMING.nextChangeAfter(INACTIVE));
    }

    @Test
    void aKeyWithoutTimingNeverChanges() {
        assertNull(KeyTiming.ALWAYS.nextChangeAfter(PUBLISH));
    }
}
