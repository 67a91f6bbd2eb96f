package dev.meridian.probes.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether this process can reach the cluster, and the work to redo when it (re)connects. A member is always
 * connected (alone, it is its own cluster); a client is connected while Hazelcast says so. Registered with Hazelcast
 * before the instance starts, so no change is missed, and it logs exactly one line per change.
 */
final class ClusterLink implements LifecycleListener {
    private static final System.Logger LOG = System.getLogger(ClusterLink.class.getName());

    private final String clusterName;
    private final List<String> addresses;
    private final List<Runnable> onConnect = new CopyOnWriteArrayList<>();
    private volatile HazelcastInstance hazelcast;
    private volatile boolean connected;
    private volatile Instant since = Instant.now();

    private ClusterLink(String clusterName, List<String> addresses, boolean connected) {
        this.clusterName = clusterName;
        this.addresses = addresses;
        this.connected = connected;
    }

    static ClusterLink forMember(ClusterConfig config) {
        return new ClusterLink(config.clusterName(), config.members(), true);
    }

    static ClusterLink forClient(ClusterConfig config) {
        LOG.log(System.Logger.Level.INFO, "cluster {0}: connecting to {1}", config.clusterName(), config.members());
        return new ClusterLink(config.clusterName(), config.members(), false);
    }

    /** The instance this link watches, once started; only used to name the members in the log. */
    void attach(HazelcastInstance instance) {
        this.hazelcast = instance;
    }

    boolean connected() {
        return connected;
    }

    Instant since() {
        return since;
    }

    /**
     * Runs {@code task} after every connection to a cluster (for a member: after rejoining one when a split heals),
     * and once now if already connected. The task runs on a Hazelcast thread and must only hand work off.
     */
    synchronized void onConnect(Runnable task) {
        onConnect.add(task);
        if (connected) {
            task.run();
        }
    }

    @Override
    public synchronized void stateChanged(LifecycleEvent event) {
        switch (event.getState()) {
            case CLIENT_CONNECTED -> {
                connected = true;
                since = Instant.now();
                LOG.log(System.Logger.Level.INFO, "cluster {0}: connected to {1}", clusterName, members());
                onConnect.forEach(Runnable::run);
            }
            case CLIENT_DISCONNECTED -> {
                if (connected) {
                    connected = false;
                    since = Instant.now();
                    LOG.log(System.Logger.Level.WARNING, "cluster {0}: disconnected, retrying {1} in the background; "
                            + "following the last known check plan until connected", clusterName, addresses);
                }
            }
            case MERGED -> onConnect.forEach(Runnable::run);
            default -> {
                // Starting and shutting down are logged by Hazelcast itself.
            }
        }
    }

    private Object members() {
        HazelcastInstance instance = hazelcast;
        if (instance == null) {
            return addresses;
        }
        try {
            Set<Member> members = instance.getCluster().getMembers();
            return members.isEmpty() ? addresses : members.stream().map(m -> m.getAddress().toString()).toList();
        } catch (RuntimeException e) {
            return addresses;
        }
    }
}
