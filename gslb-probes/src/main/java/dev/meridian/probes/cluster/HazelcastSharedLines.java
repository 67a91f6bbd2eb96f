package dev.meridian.probes.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import java.util.List;
import java.util.Objects;

/** {@link SharedLines} over a ring buffer of {@value #CAPACITY} lines (configured in {@link ClusterNode}). */
final class HazelcastSharedLines implements SharedLines {
    static final int CAPACITY = 10_000;
    private static final System.Logger LOG = System.getLogger(HazelcastSharedLines.class.getName());

    private final Ringbuffer<String> ringbuffer;
    private final String name;

    HazelcastSharedLines(HazelcastInstance hazelcast, String name) {
        this.ringbuffer = hazelcast.getRingbuffer(name);
        this.name = name;
    }

    @Override
    public void append(String line) {
        Objects.requireNonNull(line, "line");
        ringbuffer.addAsync(line, OverflowPolicy.OVERWRITE).whenComplete((sequence, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "could not add to {0}: {1}", name, failure.toString());
            }
        });
    }

    @Override
    public List<String> newestFirst(int limit) {
        return Ringbuffers.newestFirst(ringbuffer, Math.min(limit, CAPACITY), name);
    }
}
