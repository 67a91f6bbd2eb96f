package dev.meridian.probes.observe;

import java.util.List;
import java.util.Objects;

/**
 * What one agent tells a DNS node at once: some of its votes (those whose verdict or failing streak changed), or all
 * of them (its heartbeat). A full batch also says which votes the agent no longer holds: every vote of this vantage
 * that is not in it is withdrawn, so an endpoint the agent stopped checking loses its vote at once.
 *
 * @param vantage the agent's identity; every vote in the batch is this vantage's
 * @param full whether this is every vote the agent holds
 * @param votes the votes, at most one per endpoint
 */
public record VoteBatch(String vantage, boolean full, List<Observation> votes) {
    public VoteBatch {
        Objects.requireNonNull(vantage, "vantage");
        votes = List.copyOf(votes);
        for (Observation vote : votes) {
            if (!vote.vantage().equals(vantage)) {
                throw new IllegalArgumentException("vote of " + vote.vantage() + " in a batch of " + vantage);
            }
        }
    }

    /** A batch of the changed votes only. */
    public static VoteBatch changes(String vantage, List<Observation> votes) {
        return new VoteBatch(vantage, false, votes);
    }

    /** A batch of every vote the agent holds. */
    public static VoteBatch all(String vantage, List<Observation> votes) {
        return new VoteBatch(vantage, true, votes);
    }
}
