package dev.meridian.server.policy;

import java.util.Objects;

/**
 * A region: a place with its own L7 load balancers.
 *
 * @param name as written in the policy file
 * @param order position in the policy file, the default preference when nothing else orders regions
 * @param latitude degrees north, used by geoproximity
 * @param longitude degrees east
 * @param bias geoproximity bias in percent (-99 to 99): positive draws clients from farther away, as in Route 53
 */
public record Region(String name, int order, double latitude, double longitude, double bias) {
    public Region {
        Objects.requireNonNull(name, "name");
    }
}
