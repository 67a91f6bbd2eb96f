package dev.meridian.probes.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.VoteRig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one agent's publisher sends for a stream of observations. Heartbeats are an hour apart here, so every batch
 * seen is a batch of changes; a marker endpoint's change, accepted last, closes each step: the batch carrying it
 * carries whatever else was still pending.
 */
class VotePublisherTest {
    private static final String WATCHED = "pub.example/eu/web1";
    private static final String MARKER = "pub.example/eu/marker";

    @RegisterExtension
    final VoteRig rig = new VoteRig();

    private final List<VoteBatch> sent = new CopyOnWriteArrayList<>();

    private VotePublisher publisher() {
        VotePublisher publisher = rig.closeLater(new VotePublisher(rig.vertx(), "eu/agent-1", sent::add));
        publisher.follow(Set.of(WATCHED, MARKER), Duration.ofHours(1));
        return publisher;
    }

    private static Observation vote(String key, HealthStatus status, int failingStreak) {
        return new Observation(key, "eu/agent-1", status, failingStreak, 1.0, 1.0, 0, System.currentTimeMillis());
    }

    /** Accepts a marker change and returns the batch that carries it, once it has gone. */
    private VoteBatch markedBatch(int markerStreak, VotePublisher publisher) {
        publisher.accept(vote(MARKER, HealthStatus.UP, markerStreak));
        Await.until(Await.LIMIT, "the marker's batch", () -> sent.stream().anyMatch(b -> carries(b, MARKER)
                && b.votes().stream().anyMatch(v -> v.endpointKey().equals(MARKER)
                        && v.failingStreak() == markerStreak)));
        return sent.get(sent.size() - 1);
    }

    private static boolean carries(VoteBatch batch, String key) {
        return batch.votes().stream().anyMatch(v -> v.endpointKey().equals(key));
    }

    @Test
    void aGrowingFailingStreakOfAnUpEndpointIsAChange() {
        VotePublisher publisher = publisher();
        publisher.accept(vote(WATCHED, HealthStatus.UP, 0));
        markedBatch(0, publisher);
        publisher.accept(vote(WATCHED, HealthStatus.UP, 1));
        VoteBatch batch = markedBatch(1, publisher);
        assertFalse(batch.full());
        assertEquals(1, batch.votes().stream().filter(v -> v.endpointKey().equals(WATCHED))
                .mapToInt(Observation::failingStreak).sum(), "the streak of 1 went out");
    }

    @Test
    void aGrowingFailingStreakOfADownEndpointIsNotAChange() {
        VotePublisher publisher = publisher();
        publisher.accept(vote(WATCHED, HealthStatus.DOWN, 3));
        VoteBatch verdict = markedBatch(0, publisher);
        assertEquals(HealthStatus.DOWN, verdict.votes().stream().filter(v -> v.endpointKey().equals(WATCHED))
                .findFirst().orElseThrow().status(), "the verdict went out");
        publisher.accept(vote(WATCHED, HealthStatus.DOWN, 4));
        publisher.accept(vote(WATCHED, HealthStatus.DOWN, 5));
        VoteBatch after = markedBatch(1, publisher);
        assertFalse(carries(after, WATCHED), "nothing new about a down endpoint: " + after.votes());
    }

    @Test
    void comingBackUpIsAChange() {
        VotePublisher publisher = publisher();
        publisher.accept(vote(WATCHED, HealthStatus.DOWN, 7));
        markedBatch(0, publisher);
        publisher.accept(vote(WATCHED, HealthStatus.UP, 0));
        VoteBatch batch = markedBatch(1, publisher);
        assertEquals(HealthStatus.UP, batch.votes().stream().filter(v -> v.endpointKey().equals(WATCHED))
                .findFirst().orElseThrow().status());
    }
}
