package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import java.time.Instant;
import java.util.List;

/** The quorum rule: pure functions of the fresh votes and the configured share. */
final class Quorum {
    private Quorum() {
    }

    /** The fewest up votes out of {@code total} that make the verdict up. */
    static int upVotesNeeded(int total, double quorum) {
        for (int up = 0; up < total; up++) {
            if ((double) up / total >= quorum - 1e-9) {
                return up;
            }
        }
        return total;
    }

    /** Up when at least {@code upNeeded} of the votes say up. */
    static HealthStatus verdict(Votes votes, int upNeeded) {
        return votes.up().size() >= upNeeded ? HealthStatus.UP : HealthStatus.DOWN;
    }

    /**
     * When the current verdict began, from the vantages' own since times: the moment the needed number of them
     * agreed, assuming each has held its view since its {@code sinceEpochMillis}. Never after {@code now}.
     */
    static Instant verdictSince(Votes votes, HealthStatus verdict, int upNeeded, Instant now) {
        List<Observation> side = verdict == HealthStatus.UP ? votes.up() : votes.down();
        int needed = verdict == HealthStatus.UP ? upNeeded : votes.total() - upNeeded + 1;
        long[] sinces = side.stream().mapToLong(Observation::sinceEpochMillis).sorted().toArray();
        Instant since = Instant.ofEpochMilli(sinces[Math.max(1, needed) - 1]);
        return since.isAfter(now) ? now : since;
    }
}
