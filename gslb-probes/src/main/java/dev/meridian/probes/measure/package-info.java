/**
 * Active latency measurement from a region: {@link dev.meridian.probes.measure.LatencyMeasurer} measures the RTT to
 * each target network's resolver (a DNS query over UDP, where an answer or a REFUSED both count, or a TCP connect to
 * the DNS port) on its own thread, within a rate and a bound on targets, backing off from networks that never
 * answer, and records the samples in the latency map. It shares nothing with the health checks, so it never delays
 * them.
 */
package dev.meridian.probes.measure;
