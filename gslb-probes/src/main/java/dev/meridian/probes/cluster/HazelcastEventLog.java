package dev.meridian.probes.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.health.FailoverEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

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
        try {
            if (oldestMemberWrites && !isOldestMember()) {
                return;
            }
            ringbuffer().addAsync(event, OverflowPolicy.OVERWRITE).whenComplete((sequence, failure) -> {
                if (failure != null) {
                    notRecorded(event, failure);
                }
            });
        } catch (RuntimeException e) {
            notRecorded(event, e);
        }
    }

    /**
     * One line, never a stack trace: the event is in this node's own log lines either way. A node that is stopping
     * (a batch applied as it shuts down) loses its last write as a matter of course, so that is not worth a warning.
     */
    private void notRecorded(FailoverEvent event, Throwable failure) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            LOG.log(System.Logger.Level.DEBUG, "health event not recorded, this node is stopping: {0}", event);
        } else {
            LOG.log(System.Logger.Level.WARNING, "could not record health event {0}: {1}", event, failure.toString());
        }
    }

    @Override
    public List<FailoverEvent> newestFirst(int limit) {
        return Ringbuffers.newestFirst(ringbuffer(), Math.min(limit, CAPACITY), "the event log");
    }

    private boolean isOldestMember() {
        // The member set is ordered by join time, oldest first; reading it is local.
        Iterator<Member> members = hazelcast.getCluster().getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }
}
