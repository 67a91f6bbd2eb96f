package dev.meridian.probes.health;

import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hands votes to every attached aggregator at once, as the vote channels do for the nodes of a cluster. */
final class TestVotes {
    private final List<HealthAggregator> aggregators = new CopyOnWriteArrayList<>();
    /** Each vantage's latest vote per endpoint, for heartbeats. */
    private final Map<String, Map<String, Observation>> latest = new LinkedHashMap<>();

    void attach(HealthAggregator aggregator) {
        aggregators.add(aggregator);
    }

    /** One vote, as a batch of changes of its vantage. */
    void publish(Observation vote) {
        latest.computeIfAbsent(vote.vantage(), v -> new LinkedHashMap<>()).put(vote.endpointKey(), vote);
        aggregators.forEach(a -> a.onVotes(VoteBatch.changes(vote.vantage(), List.of(vote))));
    }

    /** Every vantage's heartbeat: all its latest votes, unchanged, as one full batch. */
    void heartbeat() {
        latest.forEach((vantage, votes) -> aggregators.forEach(
                a -> a.onVotes(VoteBatch.all(vantage, List.copyOf(votes.values())))));
    }

    /** Lets time take effect: what a node's tick does between batches. */
    void tick() {
        aggregators.forEach(HealthAggregator::tick);
    }
}
