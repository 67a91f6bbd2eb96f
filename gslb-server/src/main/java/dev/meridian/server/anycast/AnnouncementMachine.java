package dev.meridian.server.anycast;

import dev.meridian.server.anycast.Announcement.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns readiness samples into the announcement, with the hysteresis a route needs: {@code fall} samples in a row
 * worse than the current level lower it, {@code rise} samples in a row better raise it, and after a withdraw the
 * prefixes stay withdrawn for at least the hold-down, so a node that flaps does not flap routes across the Internet
 * (each flap costs every router on the path, and route-flap damping would punish the prefix for much longer).
 *
 * <p>A manual withdraw holds the prefixes down whatever the samples say, and the samples still count underneath, so
 * announcing again by hand lands on what the node can do now. Shutdown withdraws for good. Not thread-safe: the
 * {@link Announcer} calls it from its one thread.
 */
public final class AnnouncementMachine {
    private final int rise;
    private final int fall;
    private final Duration holdDown;
    /** The level the samples have settled on (see {@link Readiness#level()}), whatever an operator forces. */
    private int settled;
    private Instant withdrawnAt;
    private int streak;
    /** The level a streak of samples above or below {@link #settled} has reached together: the one it moves to. */
    private int streakLevel;
    private String manual;
    private boolean shutdown;
    private Announcement current;

    /**
     * @param manual who withdrew the node by hand before it (re)started, or {@code null}
     */
    public AnnouncementMachine(int rise, int fall, Duration holdDown, String manual, Instant now) {
        if (rise < 1 || fall < 1 || holdDown.isNegative()) {
            throw new IllegalArgumentException("rise and fall must be at least 1 and the hold-down not negative");
        }
        this.rise = rise;
        this.fall = fall;
        this.holdDown = holdDown;
        this.manual = manual;
        this.current = new Announcement(State.WITHDRAWN, manual != null ? withdrawnBy(manual) : "starting", now,
                manual, false);
    }

    public Announcement current() {
        return current;
    }

    /** Counts one sample; the new announcement when it changed. */
    public Optional<Announcement> sample(Readiness readiness, Instant now) {
        if (shutdown) {
            return Optional.empty();
        }
        int level = readiness.level();
        if (level == settled) {
            streak = 0;
            return Optional.empty();
        }
        boolean up = level > settled;
        if (streak > 0 && up != streakLevel > settled) {
            streak = 0;
        }
        // The streak moves to the level all of its samples reached: the best of a falling streak, the worst of a
        // rising one, so a single sample at either end does not decide where it lands.
        streakLevel = streak == 0 ? level : up ? Math.min(streakLevel, level) : Math.max(streakLevel, level);
        streak++;
        if (streak < (up ? rise : fall)) {
            return Optional.empty();
        }
        if (up && settled == 0 && withdrawnAt != null && now.isBefore(withdrawnAt.plus(holdDown))) {
            return Optional.empty();
        }
        settled = streakLevel;
        streak = 0;
        if (settled == 0) {
            withdrawnAt = now;
        }
        // Under a manual withdraw the samples still settle, silently: announcing by hand lands on them.
        return manual != null ? Optional.empty() : change(readiness.reason(), now);
    }

    /** Withdraws by hand until {@link #announceByHand}; {@code by} is the token name the audit log records. */
    public Optional<Announcement> withdrawByHand(String by, Instant now) {
        if (shutdown || by.equals(manual)) {
            return Optional.empty();
        }
        manual = by;
        return change(withdrawnBy(by), now);
    }

    /** Lifts a manual withdraw: the announcement follows the samples again. */
    public Optional<Announcement> announceByHand(String by, Instant now) {
        if (shutdown || manual == null) {
            return Optional.empty();
        }
        manual = null;
        return change("manual withdraw lifted by " + by, now);
    }

    /** Withdraws for good: the node is stopping. */
    public Announcement shutdown(Instant now) {
        if (!shutdown) {
            shutdown = true;
            current = new Announcement(State.WITHDRAWN, "shutting down", now, manual, true);
        }
        return current;
    }

    private Optional<Announcement> change(String reason, Instant now) {
        State state = manual != null ? State.WITHDRAWN : State.of(settled);
        Announcement next = new Announcement(state, reason, state == current.state() ? current.since() : now, manual,
                false);
        if (next.equals(current)) {
            return Optional.empty();
        }
        current = next;
        return Optional.of(next);
    }

    private static String withdrawnBy(String by) {
        return "withdrawn by hand by " + by;
    }
}
