/**
 * The probe agent: a vantage point that runs the published check plan and publishes one observation per endpoint,
 * stand-alone ({@code gslb-agent}) or embedded in a DNS server.
 */
package dev.meridian.probes.agent;
