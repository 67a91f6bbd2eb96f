package dev.meridian.probes.observe;

/** Whether an endpoint should receive traffic. */
public enum HealthStatus {
    UP,
    DOWN
}
