package dev.meridian.server.policy;

import dev.meridian.probes.latency.RegionIds;
import java.util.Objects;

/**
 * A region: a place with its own L7 load balancers.
 *
 * @param name as written in the policy file
 * @param order position in the policy file, the default preference when nothing else orders regions
 * @param latitude degrees north, used by geoproximity
 * @param longitude degrees east
 * @param bias geoproximity bias in percent (-99 to 99): positive draws clients from farther away, as in Route 53
 * @param id the name's number ({@link RegionIds}), which latency rows name regions by
 */
public record Region(String name, int order, double latitude, double longitude, double bias, int id) {
    public Region {
        Objects.requireNonNull(name, "name");
    }

    public Region(String name, int order, double latitude, double longitude, double bias) {
        this(name, order, latitude, longitude, bias, RegionIds.of(name));
    }
}
