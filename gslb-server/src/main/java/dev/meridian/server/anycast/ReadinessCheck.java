package dev.meridian.server.anycast;

import dev.meridian.server.health.HealthReport;
import java.util.function.Supplier;

/**
 * One readiness sample from the self-check over both transports and the health view's freshness. The listeners and
 * the configuration need no check of their own: a node is announced only after it started serving, and a failed
 * reload keeps the last good configuration answering.
 */
final class ReadinessCheck {
    private final SelfCheck selfCheck;
    private final Supplier<HealthReport> health;

    ReadinessCheck(SelfCheck selfCheck, Supplier<HealthReport> health) {
        this.selfCheck = selfCheck;
        this.health = health;
    }

    Readiness sample() {
        String udp = selfCheck.ask(false);
        String tcp = selfCheck.ask(true);
        HealthReport report = health.get();
        if (udp != null && tcp != null) {
            return new Readiness.Unready("self-check failed over UDP (" + udp + ") and TCP (" + tcp + ")");
        }
        if (report.endpoints() > 0 && report.expired() == report.endpoints()) {
            return new Readiness.Unready("health view stale beyond its limit: no vantage heard for longer than the "
                    + "maximum staleness");
        }
        if (udp != null) {
            return new Readiness.Degraded("self-check failed over UDP: " + udp);
        }
        if (tcp != null) {
            return new Readiness.Degraded("self-check failed over TCP: " + tcp);
        }
        if ("stale".equals(report.state())) {
            return new Readiness.Degraded("answering from stale health: no vantage heard");
        }
        if ("cold".equals(report.state())) {
            return new Readiness.Degraded("no health verdict yet: every checked endpoint answered as up");
        }
        return new Readiness.Ready("self-check answered over UDP and TCP, health live");
    }
}
