package dev.meridian.probes.latency;

/** Where a latency sample came from. */
public enum LatencySource {
    /** An agent's own measurement from its region (a DNS query or TCP connect to the client's resolver). */
    ACTIVE,
    /** A real user's measurement (a browser beacon or a regional access log), sent to the ingest endpoint. */
    RUM
}
