/**
 * The health view that routing policies read. {@link dev.meridian.probes.health.HealthAggregator} takes every
 * vantage's vote batches on one thread: the vote table keeps each vantage's latest vote, the quorum rule (a pure
 * function) turns the fresh ones into a verdict, the endpoint tracker applies failback delay, hold time and
 * staleness (with a maximum, after which a {@link dev.meridian.probes.health.StaleRule} applies), and the events
 * unit logs and records the transitions. It publishes immutable snapshots, keeps them in a state file for cold
 * starts. {@link dev.meridian.probes.health.StaticHealthView} carries what configuration forces. Depends on
 * {@code observe} for what a vote is, never the other way.
 */
package dev.meridian.probes.health;
