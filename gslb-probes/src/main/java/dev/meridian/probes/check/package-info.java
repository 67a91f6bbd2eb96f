/**
 * Checks: one probe of one endpoint, ending in one {@link dev.meridian.probes.check.CheckResult}. Each kind of
 * {@link dev.meridian.probes.plan.CheckSpec} has one {@link dev.meridian.probes.check.Checker}, chosen by
 * {@link dev.meridian.probes.check.Checkers}. Checks never block: they return Vert.x futures that always complete,
 * at the latest when their timeout has passed.
 */
package dev.meridian.probes.check;
