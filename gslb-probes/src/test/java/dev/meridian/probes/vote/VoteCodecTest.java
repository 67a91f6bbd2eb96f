package dev.meridian.probes.vote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoteCodecTest {
    private static final Observation UP = new Observation("shop.example/eu-west/lb1", "eu/agent-ü", HealthStatus.UP,
            0, 12.5, 20.25, 1_700_000_000_000L, 1_700_000_001_234L);
    private static final Observation DOWN = new Observation("shop.example/us/lb2", "eu/agent-ü", HealthStatus.DOWN,
            3, Double.NaN, Double.NaN, 1_700_000_000_500L, 1_700_000_001_500L);

    private static VoteBatch roundTrip(VoteBatch batch) {
        Buffer frame = VoteCodec.encode(batch);
        assertEquals(frame.length() - 4, frame.getInt(0), "the length prefix counts what follows");
        return VoteCodec.decode(frame.getBuffer(4, frame.length()));
    }

    @Test
    void aBatchSurvivesTheWireWithEveryField() {
        VoteBatch batch = VoteBatch.all("eu/agent-ü", List.of(UP, DOWN));
        assertEquals(batch, roundTrip(batch));
        VoteBatch changes = VoteBatch.changes("eu/agent-ü", List.of(DOWN));
        assertEquals(changes, roundTrip(changes));
        assertEquals(VoteBatch.all("x/y", List.of()), roundTrip(VoteBatch.all("x/y", List.of())));
    }

    @Test
    void aVoteCostsTensOfBytesNotAJavaObjectGraph() {
        int one = VoteCodec.encode(VoteBatch.all("eu/agent-ü", List.of(UP))).length();
        int two = VoteCodec.encode(VoteBatch.all("eu/agent-ü", List.of(UP, DOWN))).length();
        assertEquals(19 + 29, two - one, "a vote: its key, two bytes of length and 27 of fields");
    }

    @Test
    void anotherVersionOrATruncatedFrameIsRefusedByName() {
        Buffer frame = VoteCodec.encode(VoteBatch.changes("eu/agent-ü", List.of(UP)));
        Buffer other = frame.getBuffer(4, frame.length());
        other.setByte(0, (byte) 2);
        assertEquals("vote frame version 2, expected 1",
                assertThrows(IllegalArgumentException.class, () -> VoteCodec.decode(other)).getMessage());
        Buffer truncated = frame.getBuffer(4, frame.length() - 3);
        assertEquals("vote frame truncated",
                assertThrows(IllegalArgumentException.class, () -> VoteCodec.decode(truncated)).getMessage());
    }
}
