package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import java.util.List;

/**
 * The regions a step that places clients prefers for a location, in order; {@code null} keeps the candidates in
 * the order they came. Implementations are records: equal orders over one file's overrides share one merged map.
 */
interface RegionOrder {
    List<Region> regionsFor(GeoLocation location);

    /** Why {@link #regionsFor} gives what it gives for this location, for explain. */
    String reason(GeoLocation location);

    /** Region names in order, as explain shows them. */
    static String names(List<Region> regions) {
        return regions.stream().map(Region::name).toList().toString();
    }
}
