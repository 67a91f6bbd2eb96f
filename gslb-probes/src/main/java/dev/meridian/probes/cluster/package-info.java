/**
 * The only package that imports Hazelcast: the cluster that shares the check plan and the event log between DNS
 * servers, and brings probe agents the plan. Everything else sees {@link dev.meridian.probes.plan.CheckPlan} and
 * {@link dev.meridian.probes.health.EventLog}. Votes do not go through it: agents send them to every DNS node's vote
 * port directly ({@code dev.meridian.probes.vote}), so a split or a node the others think dead never keeps an
 * agent's votes from a node it can reach.
 *
 * <h2>Who is a member</h2>
 * <b>DNS servers are full (data) members; probe agents are Hazelcast clients</b> ({@link ClusterNode#startMember}
 * and {@link ClusterNode#startClient}). Why:
 * <ul>
 * <li><b>Data stays on the DNS nodes.</b> Members own partitions; clients own nothing. Agents come and go, run in
 * far regions and may be many; as members (even lite members, which hold no data but are still in the membership
 * and heartbeat mesh) every agent restart would change the member list of every DNS node and, as data members,
 * move partitions across the WAN.</li>
 * <li><b>A DNS node answers when cut off.</b> The query path reads only the local {@code AtomicReference} snapshot,
 * so a partitioned DNS node keeps answering with what it last knew; what it no longer hears goes stale. Agents being
 * clients means an agent's trouble cannot make a DNS member look dead, and a dead agent cannot hold a partition
 * hostage.</li>
 * </ul>
 *
 * <h2>Structures, and how each merges after a split</h2>
 * <ul>
 * <li>{@code meridian.plans}: a ReplicatedMap from member id to that DNS node's whole
 * {@link dev.meridian.probes.plan.NodePlan} (with its vote address); readers follow the union. Small and read
 * everywhere, so every member keeps a full copy and reads it locally, even while partitioned. A node withdraws its
 * plan on shutdown; the oldest member removes the plans of members that left otherwise. On merge the merging side's
 * entries are discarded: each node writes its own plan again as it merges.</li>
 * <li>{@code meridian.events}: a Ringbuffer of {@link dev.meridian.probes.health.FailoverEvent}s (capacity 1000,
 * oldest overwritten). Every DNS node computes the same transitions; only the oldest member writes them, so the
 * log holds each once (each side of a split writes its own). On merge, put-if-absent: the surviving cluster keeps
 * its history.</li>
 * </ul>
 * No structure has a split-brain quorum: nothing that decides health is written to the cluster.
 *
 * <h2>Connection</h2>
 * A member is its own cluster when alone and merges back when the others are reachable. A client starts without
 * waiting for a member and retries for as long as it runs, with a growing, jittered pause (at most
 * {@link ClusterConfig#maxReconnectBackoff()}); while it is disconnected it follows the last plan it knew, and
 * {@link ClusterNode#status()} tells whether it is connected and since when.
 *
 * <p>Joining is TCP/IP to an explicit member list only (no multicast, no cloud auto-detection), phone-home is off,
 * and failure detection is tuned for seconds rather than minutes (heartbeat 1 s, member dead after 10 s by default).
 */
package dev.meridian.probes.cluster;
