package dev.meridian.probes.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import java.util.Set;

/**
 * A DNS node's log of its cluster's membership: one line per member that joins or leaves, as this node sees it, with
 * the members left. Losing the last other member is a warning: the node goes on alone, on the votes it receives
 * itself, and its health digest may differ from the others' until they are back. Hazelcast logs the same changes in
 * its own words, several lines each and not always at the level they deserve; this is the line to alert on.
 */
final class MembershipLog implements MembershipListener {
    private static final System.Logger LOG = System.getLogger(MembershipLog.class.getName());

    private final String clusterName;

    MembershipLog(String clusterName) {
        this.clusterName = clusterName;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // Hazelcast also reports this node's own joining, first alone, as it starts.
        String who = event.getMember().localMember() ? "this node" : "member " + address(event.getMember());
        LOG.log(System.Logger.Level.INFO, "cluster {0} at {1}: {2} joined; {3} member(s): {4}", clusterName,
                local(event), who, event.getMembers().size(), addresses(event.getMembers()));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        Set<Member> members = event.getMembers();
        if (members.size() <= 1) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0} at {1}: member {2} left; this node is alone, answering "
                    + "from the votes it receives itself until the others are back", clusterName, local(event),
                    address(event.getMember()));
        } else {
            LOG.log(System.Logger.Level.INFO, "cluster {0} at {1}: member {2} left; {3} member(s): {4}", clusterName,
                    local(event), address(event.getMember()), members.size(), addresses(members));
        }
    }

    private static String local(MembershipEvent event) {
        return address(event.getCluster().getLocalMember());
    }

    private static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static String addresses(Set<Member> members) {
        return members.stream().map(MembershipLog::address).sorted().toList().toString();
    }
}
