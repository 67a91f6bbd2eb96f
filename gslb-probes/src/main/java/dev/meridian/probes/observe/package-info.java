/**
 * What a vote is: {@link dev.meridian.probes.observe.HealthStatus}, one agent's verdict on one endpoint
 * ({@link dev.meridian.probes.observe.Observation}), and the batches ({@link dev.meridian.probes.observe.VoteBatch})
 * in which agents send them to the DNS nodes. Depends on nothing else in Meridian, so agents, the vote path and the
 * health aggregator all build on it without a cycle.
 */
package dev.meridian.probes.observe;
