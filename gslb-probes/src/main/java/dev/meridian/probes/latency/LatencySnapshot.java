package dev.meridian.probes.latency;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;

/**
 * The latency map as routing reads it, built about once a second and swapped whole: rows by client network and by
 * country, and each network's chosen region (kept for the next build's margin). Immutable.
 */
public final class LatencySnapshot implements LatencyView {
    /** Nothing measured yet, counting decisions nowhere in particular. */
    public static final LatencySnapshot EMPTY = empty(new LatencyLevels());

    private final LatencySettings settings;
    private final Map<ClientNetwork, LatencyRow> networks;
    private final Map<Integer, LatencyRow> countries;
    private final Map<ClientNetwork, Integer> choices;
    private final long builtMillis;
    private final LatencyLevels levels;

    LatencySnapshot(LatencySettings settings, Map<ClientNetwork, LatencyRow> networks,
            Map<Integer, LatencyRow> countries, Map<ClientNetwork, Integer> choices, long builtMillis,
            LatencyLevels levels) {
        this.settings = settings;
        this.networks = networks;
        this.countries = countries;
        this.choices = choices;
        this.builtMillis = builtMillis;
        this.levels = levels;
    }

    /** Nothing measured yet; decisions are counted in {@code levels}, which later snapshots keep. */
    public static LatencySnapshot empty(LatencyLevels levels) {
        return new LatencySnapshot(LatencySettings.DEFAULTS, Map.of(), Map.of(), Map.of(), 0, levels);
    }

    @Override
    public LatencyLevels levels() {
        return levels;
    }

    @Override
    public LatencyRow network(InetAddress client, int knownPrefix) {
        int prefix = client instanceof Inet4Address ? settings.ipv4Prefix() : settings.ipv6Prefix();
        if (knownPrefix < prefix || networks.isEmpty()) {
            return null;
        }
        return networks.get(ClientNetwork.of(client, prefix));
    }

    @Override
    public LatencyRow country(int country) {
        return countries.get(country);
    }

    /** The rows of every measured network with fresh data. */
    public Map<ClientNetwork, LatencyRow> networks() {
        return networks;
    }

    /** How many countries have an aggregate. */
    public int countries() {
        return countries.size();
    }

    /** Each network's chosen region id, for the next build. */
    Map<ClientNetwork, Integer> choices() {
        return choices;
    }

    /** When this snapshot was built, epoch milliseconds. */
    public long builtMillis() {
        return builtMillis;
    }
}
