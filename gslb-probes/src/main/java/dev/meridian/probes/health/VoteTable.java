package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest vote of every vantage on every endpoint. Not thread-safe: the aggregator owns it and touches it from its
 * one thread (under its lock).
 */
final class VoteTable {
    private final Map<String, Map<String, Observation>> byEndpoint = new HashMap<>();

    /** Keeps the vote unless a newer one of its vantage is held; whether it was kept. */
    boolean keep(Observation vote) {
        Map<String, Observation> byVantage = byEndpoint.computeIfAbsent(vote.endpointKey(), k -> new HashMap<>());
        Observation held = byVantage.get(vote.vantage());
        if (held == null || held.observedEpochMillis() <= vote.observedEpochMillis()) {
            byVantage.put(vote.vantage(), vote);
            return true;
        }
        return false;
    }

    /** Removes the votes of {@code vantage} on endpoints not in {@code listed}; the endpoints that lost one. */
    Set<String> withdrawUnlisted(String vantage, Set<String> listed) {
        Set<String> touched = new HashSet<>();
        for (var it = byEndpoint.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            if (!listed.contains(entry.getKey()) && entry.getValue().remove(vantage) != null) {
                touched.add(entry.getKey());
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return touched;
    }

    /** Forgets the endpoint's votes from checks before {@code cutoff}: they no longer vote and nobody withdraws them. */
    void forgetBefore(String endpointKey, Instant cutoff) {
        Map<String, Observation> byVantage = byEndpoint.get(endpointKey);
        if (byVantage == null) {
            return;
        }
        byVantage.values().removeIf(o -> Instant.ofEpochMilli(o.observedEpochMillis()).isBefore(cutoff));
        if (byVantage.isEmpty()) {
            byEndpoint.remove(endpointKey);
        }
    }

    /** The endpoint's votes from checks at or after {@code freshAfter}. */
    Votes fresh(String endpointKey, Instant freshAfter) {
        List<Observation> up = new ArrayList<>();
        List<Observation> down = new ArrayList<>();
        for (Observation o : byEndpoint.getOrDefault(endpointKey, Map.of()).values()) {
            if (!Instant.ofEpochMilli(o.observedEpochMillis()).isBefore(freshAfter)) {
                (o.status() == HealthStatus.UP ? up : down).add(o);
            }
        }
        up.sort(Comparator.comparing(Observation::vantage));
        down.sort(Comparator.comparing(Observation::vantage));
        return new Votes(up, down);
    }

    /** Whether any vote on the endpoint is held. */
    boolean holds(String endpointKey) {
        return byEndpoint.containsKey(endpointKey);
    }

    /** The endpoints with a vote. */
    /** Every vote held for the endpoint, by vantage, as last received. */
    java.util.List<Observation> all(String endpointKey) {
        return java.util.List.copyOf(byEndpoint.getOrDefault(endpointKey, Map.of()).values());
    }

    Set<String> endpoints() {
        return byEndpoint.keySet();
    }
}
