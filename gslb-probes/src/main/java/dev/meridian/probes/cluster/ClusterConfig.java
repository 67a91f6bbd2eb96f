package dev.meridian.probes.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this process joins the Meridian cluster.
 *
 * @param clusterName the cluster's name; members and clients with another name are refused
 * @param members every DNS member's {@code host:port} ({@code [v6]:port} for IPv6 literals); the TCP/IP join list
 *        for members, the addresses to connect to for clients
 * @param bindHost the address this member listens on ({@code 0.0.0.0} for all); unused by clients
 * @param bindPort the port this member listens on (no auto-increment: it must match the member list); unused by
 *        clients
 * @param heartbeatInterval how often members (and clients) send heartbeats; whole seconds, at least 1 s
 * @param maxNoHeartbeat silence after which a member or client is declared dead; whole seconds, longer than the
 *        heartbeat interval
 * @param joinWait how long a starting member waits for others before forming a cluster alone (whole seconds)
 * @param connectTimeout how long one connection attempt to a listed address may take
 * @param votePort the port this member takes agents' votes on; 0 for the cluster port + 1; unused by clients
 * @param maxReconnectBackoff the longest wait between two attempts of a client to reach the cluster; attempts start
 *        1 s apart (or this, if shorter), double each time and vary by a fifth; unused by members
 */
public record ClusterConfig(String clusterName, List<String> members, String bindHost, int bindPort,
        Duration heartbeatInterval, Duration maxNoHeartbeat, Duration joinWait, Duration connectTimeout,
        int votePort, Duration maxReconnectBackoff) {

    public ClusterConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("cluster members: expected at least one host:port");
        }
        members.forEach(ClusterConfig::port);
        Objects.requireNonNull(bindHost, "bindHost");
        if (bindPort < 1 || bindPort > 65535) {
            throw new IllegalArgumentException("bind port: expected 1-65535, was " + bindPort);
        }
        requireWholeSeconds(heartbeatInterval, "heartbeatInterval", 1);
        requireWholeSeconds(maxNoHeartbeat, "maxNoHeartbeat", heartbeatInterval.toSeconds() + 1);
        requireWholeSeconds(joinWait, "joinWait", 0);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (votePort < 0 || votePort > 65535 || (votePort == 0 && bindPort == 65535)) {
            throw new IllegalArgumentException("vote port: expected 1-65535, was "
                    + (votePort == 0 ? bindPort + 1 : votePort));
        }
        Objects.requireNonNull(maxReconnectBackoff, "maxReconnectBackoff");
        if (maxReconnectBackoff.toMillis() < 1) {
            throw new IllegalArgumentException("maxReconnectBackoff must be positive, was " + maxReconnectBackoff);
        }
    }

    /**
     * A configuration with the usual timeouts: heartbeat 1 s, dead after 10 s, join wait 3 s, connect timeout 2 s,
     * clients retrying at least every 10 s, and votes taken on the cluster port + 1.
     */
    public static ClusterConfig of(String clusterName, List<String> members, String bindHost, int bindPort) {
        return new ClusterConfig(clusterName, members, bindHost, bindPort, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(2), 0, Duration.ofSeconds(10));
    }

    /** This configuration for another member of the same cluster. */
    public ClusterConfig withBind(String host, int port) {
        return new ClusterConfig(clusterName, members, host, port, heartbeatInterval, maxNoHeartbeat, joinWait,
                connectTimeout, votePort, maxReconnectBackoff);
    }

    public ClusterConfig withTimeouts(Duration heartbeat, Duration noHeartbeat, Duration join, Duration connect) {
        return new ClusterConfig(clusterName, members, bindHost, bindPort, heartbeat, noHeartbeat, join, connect,
                votePort, maxReconnectBackoff);
    }

    /** Takes votes on this port (0: the cluster port + 1). */
    public ClusterConfig withVotePort(int port) {
        return new ClusterConfig(clusterName, members, bindHost, bindPort, heartbeatInterval, maxNoHeartbeat,
                joinWait, connectTimeout, port, maxReconnectBackoff);
    }

    /** The port this member takes votes on. */
    public int voteListenPort() {
        return votePort == 0 ? bindPort + 1 : votePort;
    }

    public ClusterConfig withMaxReconnectBackoff(Duration backoff) {
        return new ClusterConfig(clusterName, members, bindHost, bindPort, heartbeatInterval, maxNoHeartbeat,
                joinWait, connectTimeout, votePort, backoff);
    }

    /** This member's address as the member list spells it. */
    public String bindAddress() {
        return (bindHost.contains(":") ? "[" + bindHost + "]" : bindHost) + ":" + bindPort;
    }

    private static int port(String member) {
        int colon = member.lastIndexOf(':');
        boolean bracketed = member.startsWith("[");
        if (colon <= 0 || colon == member.length() - 1 || (bracketed && member.charAt(colon - 1) != ']')
                || (!bracketed && member.indexOf(':') != colon)) {
            throw new IllegalArgumentException("cluster member '" + member + "': expected host:port or [v6]:port");
        }
        try {
            int port = Integer.parseInt(member.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster member '" + member + "': expected a port 1-65535 after ':'");
        }
    }

    private static void requireWholeSeconds(Duration value, String name, long minSeconds) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() % 1000 != 0 || value.toSeconds() < minSeconds) {
            throw new IllegalArgumentException(name + " must be whole seconds, at least " + minSeconds + " s, was "
                    + value);
        }
    }
}
