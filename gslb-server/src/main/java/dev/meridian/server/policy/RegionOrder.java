package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import java.util.List;

/**
 * The regions a step that places clients prefers for a location, in order; {@code null} keeps the candidates in
 * the order they came. Implementations are records: equal orders over one file's overrides share one merged map.
 */
interface RegionOrder {
    List<Region> regionsFor(GeoLocation location);
}
