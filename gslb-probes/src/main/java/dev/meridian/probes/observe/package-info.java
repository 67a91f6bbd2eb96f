/**
 * Observations: each agent's per-endpoint verdict ({@link dev.meridian.probes.observe.Observation}), and the batches
 * ({@link dev.meridian.probes.observe.VoteBatch}) in which agents send them to the DNS nodes' health aggregators.
 */
package dev.meridian.probes.observe;
