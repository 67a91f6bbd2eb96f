package dev.meridian.server.dns.limit;

import dev.meridian.server.geo.Cidr;
import java.util.List;

/**
 * How replies are rate limited.
 *
 * @param rate replies per second per bucket; 0 turns rate limiting off
 * @param burst replies a bucket may send at once before the rate applies
 * @param slip every {@code slip}-th reply over the rate is sent truncated, the others are dropped; 0 drops all,
 *        1 truncates all
 * @param ipv4Prefix the client network of IPv4 sources that share a bucket
 * @param ipv6Prefix the client network of IPv6 sources that share a bucket
 * @param exempt networks never limited (monitoring, your own resolvers)
 * @param tableSize buckets per UDP reader, rounded up to a power of two: the memory is fixed, whatever the flood
 */
public record RateLimitOptions(int rate, int burst, int slip, int ipv4Prefix, int ipv6Prefix, List<Cidr> exempt,
        int tableSize) {
    /** On by default, as NSD ships it: generous enough that no real resolver meets it for one name. */
    public static final RateLimitOptions DEFAULT = new RateLimitOptions(200, 200, 2, 24, 56, List.of(), 65_536);
    /** No rate limiting. */
    public static final RateLimitOptions OFF = DEFAULT.withRate(0);

    public RateLimitOptions {
        if (rate < 0 || burst < 1 && rate > 0 || slip < 0 || slip > 10) {
            throw new IllegalArgumentException("rate must be 0 (off) or positive with a burst of at least 1, and "
                    + "slip from 0 to 10");
        }
        if (ipv4Prefix < 1 || ipv4Prefix > 32 || ipv6Prefix < 1 || ipv6Prefix > 64) {
            throw new IllegalArgumentException("ipv4-prefix must be from 1 to 32 and ipv6-prefix from 1 to 64");
        }
        if (tableSize < 16 || tableSize > 1 << 24) {
            throw new IllegalArgumentException("table-size must be from 16 to 16777216");
        }
        exempt = List.copyOf(exempt);
    }

    public boolean enabled() {
        return rate > 0;
    }

    public RateLimitOptions withRate(int value) {
        return new RateLimitOptions(value, Math.max(burst, 1), slip, ipv4Prefix, ipv6Prefix, exempt, tableSize);
    }
}
