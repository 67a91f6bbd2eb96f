/**
 * The health view that routing policies read: the aggregator turns every vantage's observations into per-endpoint
 * states by quorum, with staleness (and a maximum, after which a {@link dev.meridian.probes.health.StaleRule}
 * applies), failback delay and hold time, publishes them as immutable snapshots, keeps them
 * in a state file for cold starts and records failover events. {@link dev.meridian.probes.health.StaticHealthView}
 * carries what configuration forces.
 */
package dev.meridian.probes.health;
