package dev.meridian.server.latency;

import dev.meridian.probes.latency.CountryKey;
import dev.meridian.probes.latency.LatencyLevels;
import dev.meridian.probes.latency.LatencyMap;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySnapshot;
import dev.meridian.probes.latency.LatencySnapshotBuilder;
import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.geo.GeoLocator;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps this node's latency snapshot: {@link #refresh()} (run about once a second on a worker thread) reads the
 * cluster's latency map, builds a new snapshot with the serving configuration's GeoIP for the country aggregates,
 * and swaps it; the query path only ever reads {@link #view()}.
 */
public final class LatencyRefresher {
    private static final System.Logger LOG = System.getLogger(LatencyRefresher.class.getName());

    private final LatencyMap map;
    private final LatencySettings settings;
    private final Supplier<GeoLocator> geo;
    private final Clock clock;
    private final AtomicReference<LatencySnapshot> current =
            new AtomicReference<>(LatencySnapshot.empty(new LatencyLevels()));

    public LatencyRefresher(LatencyMap map, LatencySettings settings, Supplier<GeoLocator> geo, Clock clock) {
        this.map = Objects.requireNonNull(map, "map");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.geo = Objects.requireNonNull(geo, "geo");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The latency view queries read: the last snapshot built. */
    public LatencyView view() {
        return current.get();
    }

    /** The last snapshot built, for metrics and status. */
    public LatencySnapshot snapshot() {
        return current.get();
    }

    /** The map samples are recorded into. */
    public LatencyMap map() {
        return map;
    }

    public LatencySettings settings() {
        return settings;
    }

    /** Rebuilds the snapshot from the map; a failure keeps the last one and is logged. */
    public void refresh() {
        try {
            GeoLocator locator = geo.get();
            LatencySnapshotBuilder builder = new LatencySnapshotBuilder(settings,
                    network -> CountryKey.of(locator.locate(network.address()).country()));
            current.set(builder.build(map.entries(), current.get(), clock.millis()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "latency snapshot not rebuilt; keeping the last one", e);
        }
    }
}
