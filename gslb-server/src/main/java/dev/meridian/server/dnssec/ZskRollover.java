package dev.meridian.server.dnssec;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A zone-signing key rollover by pre-publication (RFC 6781 section 4.1.1.1), planned as key timing: the new ZSK is
 * published now and signs once every resolver that fetched the DNSKEY RRset before it was published has let that
 * copy expire (the DNSKEY TTL, plus the time the key files take to reach every node); the old ZSK stops signing then,
 * and leaves the DNSKEY RRset once every signature it made has expired from caches (the zone's largest TTL, plus the
 * same propagation time). The servers follow the timing by themselves ({@link KeyTimeline}).
 *
 * @param next the new zone-signing key, with its publish and activate times
 * @param retired the zone-signing keys signing now, with their inactive and delete times
 */
public record ZskRollover(ZoneKey next, List<ZoneKey> retired) {
    public ZskRollover {
        Objects.requireNonNull(next, "next");
        retired = List.copyOf(retired);
    }

    /**
     * Plans the rollover of {@code zone}'s keys at {@code now}.
     *
     * @param propagation how long new key files take to reach every node (and each node to be restarted)
     * @param maxTtl the largest TTL of any signed RRset of the zone (a GSLB answer's included)
     * @throws IllegalArgumentException when the zone has no zone-signing key signing now (a combined key, or a
     *         rollover already under way), or the keys cannot sign at some step of the plan
     */
    public static ZskRollover plan(Name zone, List<ZoneKey> keys, Instant now, Duration propagation,
            Duration maxTtl) {
        List<ZoneKey> signing = keys.stream()
                .filter(k -> !k.entryPoint() && k.timing().activeAt(now) && k.timing().inactive() == Instant.MAX)
                .toList();
        if (signing.isEmpty()) {
            throw new IllegalArgumentException("zone " + zone + " has no zone-signing key that signs now with no end "
                    + "set: a combined key is not rolled by pre-publication (make a pair with keygen --split), and a "
                    + "rollover already planned runs to its end first");
        }
        // Key files hold whole seconds: the plan is what they will say.
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        ZoneKey current = signing.get(0);
        long ttl = current.dnskey().getTTL();
        Instant activate = start.plus(Duration.ofSeconds(ttl)).plus(propagation);
        Instant delete = activate.plus(maxTtl).plus(propagation);
        ZoneKey next = ZoneKey.generate(zone, algorithm(current), false, ttl)
                .withTiming(new KeyTiming(start, activate, Instant.MAX, Instant.MAX));
        List<ZoneKey> retired = signing.stream().map(k -> k.withTiming(k.timing().retire(activate, delete))).toList();
        ZskRollover plan = new ZskRollover(next, retired);
        // Every step must leave the zone signable; checked before a file is written.
        KeyTimeline.of(zone, plan.keysAfter(keys), now, Duration.ofDays(1), Duration.ZERO, false);
        return plan;
    }

    /** {@code keys} as they are once the plan is written: the retired keys retimed, the new key added. */
    public List<ZoneKey> keysAfter(List<ZoneKey> keys) {
        List<ZoneKey> after = new ArrayList<>(keys.size() + 1);
        for (ZoneKey key : keys) {
            after.add(retired.stream().filter(r -> r.dnskey().equals(key.dnskey())).findFirst().orElse(key));
        }
        after.add(next);
        return after;
    }

    private static KeyAlgorithm algorithm(ZoneKey key) {
        KeyAlgorithm algorithm = KeyAlgorithm.of(key.dnskey().getAlgorithm());
        if (algorithm == null) {
            throw new IllegalArgumentException("key " + key.tag() + " uses algorithm " + key.dnskey().getAlgorithm()
                    + ", which this server does not make keys for");
        }
        return algorithm;
    }
}
