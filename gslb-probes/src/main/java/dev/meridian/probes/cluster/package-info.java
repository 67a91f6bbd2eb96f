/**
 * The only package that imports Hazelcast: the cluster that shares observations, the check plan and the event log
 * between DNS servers and probe agents. Everything else sees {@link dev.meridian.probes.observe.ObservationStore},
 * {@link dev.meridian.probes.plan.CheckPlan} and {@link dev.meridian.probes.health.EventLog}.
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
 * so a partitioned DNS node keeps answering with what it last knew. Its observations stop refreshing, expire and the
 * aggregator holds every endpoint's last state, marked stale. Agents being clients means an agent's trouble cannot
 * make a DNS member look dead, and a dead agent cannot hold a partition hostage.</li>
 * <li><b>The split-brain quorum counts DNS nodes only.</b> Clients are not members, so the majority rule
 * ({@link ClusterConfig#splitBrainMinimumSize()}) is about DNS servers, not about how many agents happen to be
 * connected. On the minority side, writes to the observation map are refused: observations there expire and the
 * minority holds its last state instead of failing over on partial votes.</li>
 * <li><b>A dead agent cleans up after itself.</b> Each observation is written with a time to live; nobody has to
 * notice the agent died.</li>
 * </ul>
 *
 * <h2>Structures</h2>
 * <ul>
 * <li>{@code meridian.observations}: an IMap from {@code endpointKey|vantage} to
 * {@link dev.meridian.probes.observe.Observation}, one backup, entries with a TTL, latest update wins on merge.</li>
 * <li>{@code meridian.plans}: a ReplicatedMap from member id to that DNS node's whole
 * {@link dev.meridian.probes.plan.NodePlan}; readers follow the union. Small and read everywhere, so every member
 * keeps a full copy and reads it locally, even while partitioned. A node withdraws its plan on shutdown; the oldest
 * member removes the plans of members that left otherwise.</li>
 * <li>{@code meridian.events}: a Ringbuffer of {@link dev.meridian.probes.health.FailoverEvent}s (capacity 1000,
 * oldest overwritten). Every DNS node computes the same transitions; only the oldest member writes them, so the
 * log holds each once (each side of a split writes its own).</li>
 * </ul>
 *
 * <h2>Connection</h2>
 * A member is its own cluster when alone and merges back when the others are reachable. A client starts without
 * waiting for a member and retries for as long as it runs, with a growing, jittered pause (at most
 * {@link ClusterConfig#maxReconnectBackoff()}); while it is disconnected it drops observations and counts them, and
 * {@link ClusterNode#status()} tells whether it is connected and when it last published.
 *
 * <p>Joining is TCP/IP to an explicit member list only (no multicast, no cloud auto-detection), phone-home is off,
 * and failure detection is tuned for seconds rather than minutes (heartbeat 1 s, member dead after 10 s by default).
 */
package dev.meridian.probes.cluster;
