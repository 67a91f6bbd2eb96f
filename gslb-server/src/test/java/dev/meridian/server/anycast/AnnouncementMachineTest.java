package dev.meridian.server.anycast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.anycast.Announcement.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncementMachineTest {
    private static final Readiness READY = new Readiness.Ready("ready");
    private static final Readiness DEGRADED = new Readiness.Degraded("stale health");
    private static final Readiness UNREADY = new Readiness.Unready("self-check failed");
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private Instant now = T0;
    private final AnnouncementMachine machine = new AnnouncementMachine(3, 2, Duration.ofSeconds(30), null, T0);

    private Optional<Announcement> tick(Readiness readiness) {
        now = now.plusSeconds(1);
        return machine.sample(readiness, now);
    }

    private void ticks(Readiness readiness, int n) {
        for (int i = 0; i < n; i++) {
            tick(readiness);
        }
    }

    @Test
    void startsWithdrawnAndAnnouncesAfterRiseReadySamples() {
        assertEquals(State.WITHDRAWN, machine.current().state());
        ticks(READY, 2);
        assertEquals(State.WITHDRAWN, machine.current().state());
        Announcement announced = tick(READY).orElseThrow();
        assertEquals(State.ANNOUNCED, announced.state());
        assertEquals(now, announced.since());
    }

    @Test
    void withdrawsAfterFallUnreadySamplesAndNotOne() {
        ticks(READY, 3);
        assertEquals(Optional.empty(), tick(UNREADY));
        tick(READY);
        assertEquals(Optional.empty(), tick(UNREADY), "a ready sample between breaks the streak");
        Announcement withdrawn = tick(UNREADY).orElseThrow();
        assertEquals(State.WITHDRAWN, withdrawn.state());
        assertEquals("self-check failed", withdrawn.reason());
    }

    @Test
    void staysWithdrawnForTheHoldDownEvenWhenReadyAgain() {
        ticks(READY, 3);
        ticks(UNREADY, 2);
        Instant withdrawnAt = now;
        ticks(READY, 20);
        assertEquals(State.WITHDRAWN, machine.current().state(), "within the 30 s hold-down");
        while (machine.current().state() == State.WITHDRAWN) {
            tick(READY);
        }
        assertEquals(withdrawnAt.plusSeconds(30), now, "announced again at the end of the hold-down");
    }

    @Test
    void degradesAfterFallDegradedSamplesAndRecoversAfterRise() {
        ticks(READY, 3);
        tick(DEGRADED);
        assertEquals(State.DEGRADED, tick(DEGRADED).orElseThrow().state());
        ticks(READY, 2);
        assertEquals(State.DEGRADED, machine.current().state());
        assertEquals(State.ANNOUNCED, tick(READY).orElseThrow().state());
    }

    @Test
    void aFallingStreakOfMixedSamplesLandsOnTheBestOfThem() {
        ticks(READY, 3);
        tick(UNREADY);
        assertEquals(State.DEGRADED, tick(DEGRADED).orElseThrow().state(),
                "one unready sample among degraded ones does not withdraw");
    }

    @Test
    void aRisingStreakOfMixedSamplesLandsOnTheWorstOfThem() {
        tick(READY);
        tick(DEGRADED);
        assertEquals(State.DEGRADED, tick(READY).orElseThrow().state());
    }

    @Test
    void aManualWithdrawHoldsWhateverTheSamplesSay() {
        ticks(READY, 3);
        Announcement withdrawn = machine.withdrawByHand("ops", now).orElseThrow();
        assertEquals(State.WITHDRAWN, withdrawn.state());
        assertEquals("ops", withdrawn.manual());
        ticks(READY, 10);
        assertEquals(State.WITHDRAWN, machine.current().state());
        assertEquals(State.ANNOUNCED, machine.announceByHand("ops", now).orElseThrow().state(),
                "lifted, it lands on what the samples settled on meanwhile");
    }

    @Test
    void samplesSettleUnderAManualWithdraw() {
        ticks(READY, 3);
        machine.withdrawByHand("ops", now);
        ticks(UNREADY, 2);
        assertEquals(State.WITHDRAWN, machine.current().state());
        assertEquals("withdrawn by hand by ops", machine.current().reason(), "the samples do not rewrite the reason");
        assertEquals(State.WITHDRAWN, machine.announceByHand("ops", now).orElseThrow().state(),
                "the node became unready meanwhile");
    }

    @Test
    void aManualWithdrawKeptFromBeforeARestartHoldsFromTheStart() {
        AnnouncementMachine restarted = new AnnouncementMachine(1, 1, Duration.ZERO, "ops", T0);
        assertEquals("ops", restarted.current().manual());
        assertEquals(Optional.empty(), restarted.sample(READY, T0.plusSeconds(1)));
        assertEquals(State.WITHDRAWN, restarted.current().state());
    }

    @Test
    void shutdownWithdrawsForGoodAndIgnoresLaterSamplesAndCommands() {
        ticks(READY, 3);
        Announcement last = machine.shutdown(now);
        assertEquals(State.WITHDRAWN, last.state());
        assertTrue(last.shutdown());
        ticks(READY, 5);
        assertEquals(Optional.empty(), machine.announceByHand("ops", now));
        assertEquals(last, machine.current());
    }
}
