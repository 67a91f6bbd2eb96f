/**
 * Measured round-trip times from regions to client networks. Samples (from the agents' active measurements or from
 * real users) go into a {@link dev.meridian.probes.latency.LatencyMap}, which smooths them per network and region
 * (an EWMA) and forgets entries no longer measured; {@link dev.meridian.probes.latency.LatencySnapshotBuilder} turns
 * the fresh entries into an immutable {@link dev.meridian.probes.latency.LatencySnapshot}, deciding there, off the
 * query path, which region each network prefers (a switch must beat the margin). Policies read the snapshot through
 * {@link dev.meridian.probes.latency.LatencyView}: network keys are numbers and regions are ids, never strings.
 */
package dev.meridian.probes.latency;
