/**
 * Scheduling: runs each target's checks on its own interval (jittered, one in flight), applies rise/fall and
 * round-trip statistics to the results, and hands out an {@link dev.meridian.probes.observe.Observation} after
 * every check.
 */
package dev.meridian.probes.schedule;
