package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import java.util.Set;

/**
 * {@code ipv4-prefix} and {@code ipv6-prefix}: how much of the client address a step keys on (hash, latency).
 *
 * @param ipv4 bits of an IPv4 client, 24 by default
 * @param ipv6 bits of an IPv6 client, 48 by default
 */
record ClientPrefixes(int ipv4, int ipv6) {
    /** Reads both, refusing any other key; an IPv6 prefix may be at most {@code maxIpv6}. */
    static ClientPrefixes read(YamlNode params, int maxIpv6) throws ConfigException {
        params.onlyKeys(Set.of("ipv4-prefix", "ipv6-prefix"));
        return new ClientPrefixes((int) params.get("ipv4-prefix").integer(0, 32, 24),
                (int) params.get("ipv6-prefix").integer(0, maxIpv6, 48));
    }
}
