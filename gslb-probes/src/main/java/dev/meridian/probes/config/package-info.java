/**
 * Configuration values both programs read the same way: {@link dev.meridian.probes.config.HostPort} for listen
 * addresses and cluster members, literals only.
 */
package dev.meridian.probes.config;
