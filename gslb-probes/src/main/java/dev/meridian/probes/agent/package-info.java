/**
 * The probe agent: a vantage point that runs the published check plan and votes on every endpoint (a batch when its
 * verdicts change, a heartbeat per interval), stand-alone ({@code gslb-agent}) or embedded in a DNS server. The
 * stand-alone agent serves its connection state as metrics when asked to ({@link dev.meridian.probes.agent.AgentMetrics}).
 */
package dev.meridian.probes.agent;
