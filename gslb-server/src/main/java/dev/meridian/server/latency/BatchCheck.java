package dev.meridian.server.latency;

import dev.meridian.probes.latency.LatencySample;
import java.util.List;

/** The outcome of reading a batch of real-user samples: all of them, or the first problem and none. */
public sealed interface BatchCheck {
    /** Every sample was valid. */
    record Accepted(List<LatencySample> samples) implements BatchCheck {
        public Accepted {
            samples = List.copyOf(samples);
        }
    }

    /** The batch is refused whole; {@code problem} names the sample and field. */
    record Rejected(String problem) implements BatchCheck {
    }
}
