package dev.meridian.probes.health;

/** Whether an endpoint should receive traffic. */
public enum HealthStatus {
    UP,
    DOWN
}
