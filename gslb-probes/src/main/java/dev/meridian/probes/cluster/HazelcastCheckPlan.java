package dev.meridian.probes.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.meridian.probes.plan.CheckPlan;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.NodePlan;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The check plan as the replicated map {@value #MAP_NAME}: each DNS node (member) writes its whole plan as one
 * {@link NodePlan} under its own member id, and readers follow the union of the plans. Every member holds all of it
 * and reads it locally, so a partitioned member still knows what to check.
 *
 * <p>A plan lives as long as its node is in the cluster: a node withdraws its plan when it shuts down, and the oldest
 * member removes the plans of members that left without doing so (crashed, cut off), whenever the membership
 * changes. After a split heals, each node writes its plan again, under its id in the merged cluster.
 *
 * <p>Subscriptions mirror the map on one thread of their own, from entry events, and re-read it whole after every
 * (re)connection, since a client hears nothing while it is away and may come back to a restarted cluster, and every
 * {@value #RESYNC_SECONDS} s, since a client's listener does not hear every member's writes.
 */
public final class HazelcastCheckPlan implements CheckPlan {
    public static final String MAP_NAME = "meridian.plans";
    private static final long RESYNC_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(HazelcastCheckPlan.class.getName());

    private final HazelcastInstance hazelcast;
    private final ClusterLink link;
    private final boolean member;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meridian-plan");
        t.setDaemon(true);
        return t;
    });
    private final List<Mirror<?>> mirrors = new CopyOnWriteArrayList<>();
    /** This member's plan as last published, to write again after a merge; guarded by {@code this}. */
    private NodePlan own;
    /** Where this member takes votes, advertised in its plan; guarded by {@code this}. */
    private String votes;

    HazelcastCheckPlan(HazelcastInstance hazelcast, ClusterLink link, boolean member) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.link = Objects.requireNonNull(link, "link");
        this.member = member;
        if (member) {
            hazelcast.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    submit(HazelcastCheckPlan.this::removeDepartedPlans);
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    submit(HazelcastCheckPlan.this::removeDepartedPlans);
                }
            });
        }
        worker.scheduleWithFixedDelay(() -> submit(() -> {
            if (link.connected()) {
                mirrors.forEach(Mirror::resync);
            }
        }), RESYNC_SECONDS, RESYNC_SECONDS, TimeUnit.SECONDS);
        link.onConnect(() -> submit(() -> {
            if (member) {
                republish();
                removeDepartedPlans();
            }
            mirrors.forEach(Mirror::resync);
        }));
    }

    /** A client gets no proxy while it is offline, so the map is looked up on use (Hazelcast caches the proxy). */
    private ReplicatedMap<String, NodePlan> map() {
        return hazelcast.getReplicatedMap(MAP_NAME);
    }

    /**
     * {@inheritDoc} Republishing an unchanged plan writes nothing, so it wakes no listener.
     *
     * @throws IllegalStateException on a client: agents follow plans, they do not publish them
     */
    @Override
    public synchronized void publish(Collection<CheckTarget> targets) {
        Map<String, CheckTarget> next = CheckPlan.byEndpoint(targets);
        if (!member) {
            throw new IllegalStateException("only a DNS node (a cluster member) publishes a check plan");
        }
        if (own != null && own.targets().equals(next)) {
            return;
        }
        // Strictly growing, so that this node's next plan is newer even within one millisecond.
        long version = Math.max(System.currentTimeMillis(), own == null ? 0 : own.version() + 1);
        own = new NodePlan(localMember().getAddress().toString(), version, next, votes);
        map().put(localMember().getUuid().toString(), own);
    }

    /**
     * Advertises where this member takes votes: its cluster address's host and {@code port}, from its next plan on
     * (and at once if it has published one).
     */
    synchronized void advertiseVotes(int port) {
        String host = localMember().getAddress().getHost();
        votes = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        if (own != null) {
            own = new NodePlan(own.node(), own.version() + 1, own.targets(), votes);
            map().put(localMember().getUuid().toString(), own);
        }
    }

    /** Removes this member's plan, before it leaves the cluster. */
    synchronized void withdraw() {
        if (member && own != null) {
            map().remove(localMember().getUuid().toString());
            own = null;
        }
    }

    /** Writes this member's plan again: after a merge its id may be new, and the other side never had it. */
    private synchronized void republish() {
        if (own != null) {
            map().put(localMember().getUuid().toString(), own);
        }
    }

    /** On the oldest member only: drops the plans of nodes no longer in the cluster. */
    private void removeDepartedPlans() {
        Set<Member> members = hazelcast.getCluster().getMembers();
        if (members.isEmpty() || !members.iterator().next().localMember()) {
            return;
        }
        Set<String> live = members.stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
        ReplicatedMap<String, NodePlan> map = map();
        for (String node : new HashSet<>(map.keySet())) {
            if (!live.contains(node)) {
                NodePlan gone = map.remove(node);
                if (gone != null) {
                    LOG.log(System.Logger.Level.INFO, "check plan of {0} withdrawn: it left the cluster",
                            gone.node());
                }
            }
        }
    }

    private Member localMember() {
        return hazelcast.getCluster().getLocalMember();
    }

    @Override
    public Subscription subscribe(Consumer<Map<String, CheckTarget>> listener) {
        return follow(NodePlan.Union::targets, true, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Subscription subscribeVoteAddresses(Consumer<Set<String>> listener) {
        return follow(NodePlan.Union::votes, false, Objects.requireNonNull(listener, "listener"));
    }

    /** @param logConflicts whether this subscription names conflicting plans (one per agent is enough) */
    private <T> Subscription follow(Function<NodePlan.Union, T> projection, boolean logConflicts,
            Consumer<T> listener) {
        Mirror<T> mirror = new Mirror<>(projection, logConflicts, listener);
        mirrors.add(mirror);
        submit(mirror::start);
        return () -> {
            mirrors.remove(mirror);
            submit(mirror::stop);
        };
    }

    /** Stops the subscriptions' thread; the instance is shutting down. */
    void close() {
        worker.shutdownNow();
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (HazelcastInstanceNotActiveException e) {
                    // Shutting down: nothing left to follow.
                } catch (RuntimeException e) {
                    // Typically the connection went away mid-read; the next connection re-reads the plan.
                    LOG.log(System.Logger.Level.DEBUG, "check plan not read: {0}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    /** One subscription's copy of the plans, and what of their union it follows; touched only on the worker thread. */
    private final class Mirror<T> {
        private final Function<NodePlan.Union, T> projection;
        private final Consumer<T> listener;
        private final Map<String, NodePlan> plans = new HashMap<>();
        private T delivered;
        private Set<String> conflicts = Set.of();
        private UUID registration;
        private boolean stopped;

        private final boolean logConflicts;

        Mirror(Function<NodePlan.Union, T> projection, boolean logConflicts, Consumer<T> listener) {
            this.projection = projection;
            this.logConflicts = logConflicts;
            this.listener = listener;
        }

        void start() {
            if (link.connected()) {
                resync();
            } else {
                deliver();
            }
        }

        /** Registers for events once (Hazelcast keeps the registration across reconnections) and re-reads. */
        void resync() {
            if (stopped) {
                return;
            }
            ReplicatedMap<String, NodePlan> map = map();
            if (registration == null) {
                registration = map.addEntryListener(new EntryAdapter<String, NodePlan>() {
                    @Override
                    public void onEntryEvent(EntryEvent<String, NodePlan> event) {
                        submit(() -> apply(event));
                    }

                    @Override
                    public void onMapEvent(MapEvent event) {
                        submit(Mirror.this::resync);
                    }
                });
            }
            plans.clear();
            plans.putAll(map);
            deliver();
        }

        void apply(EntryEvent<String, NodePlan> event) {
            if (stopped) {
                return;
            }
            switch (event.getEventType()) {
                case ADDED, UPDATED, MERGED -> plans.put(event.getKey(), event.getValue());
                case REMOVED, EVICTED, EXPIRED -> plans.remove(event.getKey());
                default -> {
                    return;
                }
            }
            deliver();
        }

        void stop() {
            stopped = true;
            if (registration != null) {
                map().removeEntryListener(registration);
            }
        }

        /** Tells the listener the union, unless it already knows exactly this one; names new conflicts once. */
        private void deliver() {
            NodePlan.Union union = NodePlan.union(plans.values());
            union.conflicts().forEach((endpoint, nodes) -> {
                if (logConflicts && !conflicts.contains(endpoint)) {
                    LOG.log(System.Logger.Level.WARNING, "check plan: nodes {0} check {1} differently; following "
                            + "{2}, whose plan is the newest", nodes, endpoint, nodes.get(0));
                }
            });
            conflicts = union.conflicts().keySet();
            T plan = projection.apply(union);
            if (plan.equals(delivered)) {
                return;
            }
            delivered = plan;
            try {
                listener.accept(plan);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "check plan listener failed", e);
            }
        }
    }
}
