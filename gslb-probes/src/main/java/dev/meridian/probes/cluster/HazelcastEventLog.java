package dev.meridian.probes.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.health.FailoverEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The event log as the ringbuffer {@value #RINGBUFFER_NAME} (capacity {@value #CAPACITY}, oldest overwritten).
 *
 * <p>Every DNS node runs an aggregator and sees the same transitions; when {@code oldestMemberWrites} is set only
 * the cluster's oldest member appends, so each event is stored once. After a split each side has its own oldest
 * member and records its own view. A client never is the oldest member and then never writes.
 */
public final class HazelcastEventLog implements EventLog {
    public static final String RINGBUFFER_NAME = "meridian.events";
    public static final int CAPACITY = 1000;
    private static final System.Logger LOG = System.getLogger(HazelcastEventLog.class.getName());
    private static final long READ_TIMEOUT_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final boolean oldestMemberWrites;

    public HazelcastEventLog(HazelcastInstance hazelcast, boolean oldestMemberWrites) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.oldestMemberWrites = oldestMemberWrites;
    }

    /** A client gets no proxy while it is offline, so the ringbuffer is looked up on use (Hazelcast caches it). */
    private Ringbuffer<FailoverEvent> ringbuffer() {
        return hazelcast.getRingbuffer(RINGBUFFER_NAME);
    }

    @Override
    public void append(FailoverEvent event) {
        Objects.requireNonNull(event, "event");
        if (oldestMemberWrites && !isOldestMember()) {
            return;
        }
        ringbuffer().addAsync(event, OverflowPolicy.OVERWRITE).whenComplete((sequence, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "could not record health event " + event, failure);
            }
        });
    }

    @Override
    public List<FailoverEvent> newestFirst(int limit) {
        int wanted = Math.min(limit, CAPACITY);
        if (wanted <= 0) {
            return List.of();
        }
        Ringbuffer<FailoverEvent> ringbuffer = ringbuffer();
        // One retry: the head may move past our start while we read.
        for (int attempt = 0;; attempt++) {
            long tail = ringbuffer.tailSequence();
            if (tail < 0) {
                return List.of();
            }
            long start = Math.max(ringbuffer.headSequence(), tail - wanted + 1);
            try {
                ReadResultSet<FailoverEvent> read = ringbuffer
                        .readManyAsync(start, 0, (int) (tail - start + 1), null)
                        .toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                List<FailoverEvent> events = new ArrayList<>(read.size());
                read.forEach(events::add);
                Collections.reverse(events);
                return List.copyOf(events);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StaleSequenceException) || attempt > 0) {
                    throw new IllegalStateException("could not read the event log", e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("reading the event log timed out after " + READ_TIMEOUT_SECONDS
                        + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the event log", e);
            }
        }
    }

    private boolean isOldestMember() {
        // The member set is ordered by join time, oldest first; reading it is local.
        Iterator<Member> members = hazelcast.getCluster().getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }
}
