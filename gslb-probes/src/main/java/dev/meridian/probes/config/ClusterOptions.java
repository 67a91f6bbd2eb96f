package dev.meridian.probes.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Hazelcast cluster a program joins, read the same way by the server and the agent: the same {@code cluster:}
 * keys in YAML, the same {@code --cluster-name} and {@code --member} flags, and the same default member port.
 *
 * @param name the cluster's name; members and clients with another name are refused
 * @param members every DNS node's member address; written without a port, {@link HostPort#CLUSTER_PORT}
 */
public record ClusterOptions(String name, List<HostPort> members) {
    public static final String DEFAULT_NAME = "meridian";
    /** The keys both programs accept under {@code cluster:}. */
    public static final Set<String> KEYS = Set.of("name", "members");

    public ClusterOptions {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("cluster members: list every DNS node's address");
        }
    }

    /**
     * The {@code cluster:} block's shared keys; the caller has already refused keys it does not know.
     *
     * @return {@code null} when the block is absent
     */
    public static ClusterOptions read(YamlNode cluster) throws ConfigException {
        if (cluster.isMissing()) {
            return null;
        }
        String name = cluster.get("name").text(DEFAULT_NAME);
        if (name.isBlank()) {
            throw cluster.get("name").error("cluster.name must not be blank");
        }
        List<HostPort> members = new ArrayList<>();
        for (YamlNode member : cluster.get("members").elements()) {
            members.add(member.hostPort(HostPort.CLUSTER_PORT));
        }
        if (members.isEmpty()) {
            throw cluster.error("cluster.members: list every DNS node's address, such as [192.0.2.11:5701]");
        }
        return new ClusterOptions(name, members);
    }

    /**
     * Applies the flags over what the file said: {@code --member} (repeatable, or comma-separated) replaces the file's
     * members, {@code --cluster-name} its name.
     *
     * @param file the file's cluster, or {@code null}
     * @return {@code null} when neither the file nor the flags name any member
     * @throws IllegalArgumentException naming a malformed member, or a name given without members
     */
    public static ClusterOptions withFlags(ClusterOptions file, String nameFlag, List<String> memberFlags) {
        List<HostPort> members = new ArrayList<>();
        for (String member : memberFlags.stream().flatMap(m -> Arrays.stream(m.split(","))).map(String::strip)
                .filter(m -> !m.isEmpty()).toList()) {
            try {
                members.add(HostPort.parse(member, HostPort.CLUSTER_PORT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--member: " + e.getMessage(), e);
            }
        }
        if (nameFlag != null && nameFlag.isBlank()) {
            throw new IllegalArgumentException("--cluster-name: expected a name, got ''");
        }
        if (members.isEmpty() && file == null) {
            if (nameFlag != null) {
                throw new IllegalArgumentException("--cluster-name needs the members: give --member HOST[:PORT]");
            }
            return null;
        }
        String name = nameFlag != null ? nameFlag : file != null ? file.name() : DEFAULT_NAME;
        return new ClusterOptions(name, members.isEmpty() ? file.members() : members);
    }

    /** The members as Hazelcast's join list spells them. */
    public List<String> memberList() {
        return members.stream().map(HostPort::toString).toList();
    }
}
