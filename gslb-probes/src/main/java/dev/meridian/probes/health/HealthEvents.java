package dev.meridian.probes.health;

import dev.meridian.probes.logging.LogEvent;
import dev.meridian.probes.observe.HealthStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells the world about transitions: a log line per status change, one line for many endpoints going stale,
 * expiring or fresh again (when the health system itself breaks, everything goes stale at once), and every change,
 * an endpoint's and a region's, to the event log.
 */
final class HealthEvents {
    private static final System.Logger LOG = System.getLogger(HealthAggregator.class.getName());
    private static final int KEYS_IN_A_LOG_LINE = 10;

    private final EventLog events;
    private final HealthSettings settings;

    HealthEvents(EventLog events, HealthSettings settings) {
        this.events = events;
        this.settings = settings;
    }

    void report(HealthSnapshot snapshot, List<Transition> transitions) {
        Set<String> nowStale = new TreeSet<>();
        Set<String> freshAgain = new TreeSet<>();
        Set<String> expired = new TreeSet<>();
        for (Transition t : transitions) {
            if (t.from() != t.to()) {
                LOG.log(System.Logger.Level.INFO, "health v{0}: {1} {2} -> {3} since {4} ({5})", snapshot.version(),
                        t.key(), t.from(), t.to(), t.at(), t.reason(), failover(snapshot, t.key(), t.from(), t.to(),
                                t.at(), t.down(), t.up(), t.reason()));
            }
            switch (t.kind()) {
                case STALE -> nowStale.add(t.key());
                case FRESH -> freshAgain.add(t.key());
                case EXPIRED -> expired.add(t.key());
                case VOTES -> { }
            }
            FailoverEvent event = new FailoverEvent(snapshot.version(), t.at(), t.key(), t.from(), t.to(), t.stale(),
                    t.down(), t.up(), t.reason());
            try {
                events.append(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not record health event " + event, e);
            }
        }
        reportRegions(snapshot, transitions);
        // One line for many endpoints: when the health system itself breaks, everything goes stale at once.
        if (!nowStale.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "health v{0}: {1} endpoint(s) have no fresh observations; holding "
                    + "their last state (stale, {2} in total): {3}", snapshot.version(), nowStale.size(),
                    snapshot.staleCount(), firstKeys(nowStale));
        }
        if (!expired.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "health v{0}: {1} endpoint(s) stale for longer than max-staleness "
                    + "{2}; rule {3}: {4} ({5} expired in total): {6}", snapshot.version(), expired.size(),
                    settings.maxStaleness(), settings.afterMaxStaleness(),
                    settings.afterMaxStaleness() == StaleRule.FAIL_OPEN ? "down ones now count as up"
                            : "holding their last state", snapshot.expiredCount(), firstKeys(expired));
        }
        if (!freshAgain.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "health v{0}: {1} endpoint(s) have fresh observations again: {2}",
                    snapshot.version(), freshAgain.size(), firstKeys(freshAgain));
        }
    }

    /**
     * A region (the endpoint key less its last part, {@code zone/region}) is down when every endpoint of it is down;
     * its own event says when that began and ended, beside the endpoints' events.
     */
    private void reportRegions(HealthSnapshot snapshot, List<Transition> transitions) {
        Map<String, HealthStatus> before = new HashMap<>();
        for (Transition t : transitions) {
            if (t.from() != t.to()) {
                before.put(t.key(), t.from());
            }
        }
        Set<String> regions = new TreeSet<>();
        before.keySet().forEach(key -> regions.add(regionOf(key)));
        for (String region : regions) {
            HealthStatus was = regionStatus(snapshot, region, before);
            HealthStatus now = regionStatus(snapshot, region, Map.of());
            if (was != now) {
                FailoverEvent event = new FailoverEvent(snapshot.version(), snapshot.builtAt(), region, was, now,
                        false, List.of(), List.of(), now == HealthStatus.DOWN
                                ? "every endpoint of the region is down" : "an endpoint of the region is up again");
                LOG.log(System.Logger.Level.INFO, "health v{0}: region {1} {2} -> {3}", snapshot.version(), region,
                        was, now, LogEvent.of("region", "region", region, "from", name(was), "to", name(now),
                                "version", snapshot.version()));
                try {
                    events.append(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not record health event " + event, e);
                }
            }
        }
    }

    /**
     * The {@code failover} event's fields: the endpoint, its status before and after, and the vantages by what they
     * saw (for a failover, {@code down} are the ones that decided it).
     */
    private static LogEvent failover(HealthSnapshot snapshot, String key, HealthStatus from, HealthStatus to,
            java.time.Instant at, List<String> down, List<String> up, String reason) {
        return LogEvent.of("failover", "endpoint", key, "from", name(from), "to", name(to),
                "vantages", Map.of("down", down, "up", up), "since", at.toString(), "reason", reason,
                "version", snapshot.version());
    }

    private static String name(HealthStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String regionOf(String endpointKey) {
        int slash = endpointKey.lastIndexOf('/');
        return slash < 0 ? endpointKey : endpointKey.substring(0, slash);
    }

    /** Down when every endpoint of the region is down, with {@code override} replacing some endpoints' status. */
    private static HealthStatus regionStatus(HealthSnapshot snapshot, String region, Map<String, HealthStatus> override) {
        for (Map.Entry<String, HealthSnapshot.EndpointState> e : snapshot.endpoints().entrySet()) {
            if (regionOf(e.getKey()).equals(region)
                    && override.getOrDefault(e.getKey(), e.getValue().health().status()) == HealthStatus.UP) {
                return HealthStatus.UP;
            }
        }
        return HealthStatus.DOWN;
    }

    private static String firstKeys(Set<String> keys) {
        List<String> first = keys.stream().limit(KEYS_IN_A_LOG_LINE).toList();
        return String.join(", ", first) + (keys.size() > first.size() ? ", ..." : "");
    }
}
