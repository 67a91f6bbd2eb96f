package dev.meridian.probes.latency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Builds a {@link LatencySnapshot} from the map's entries: keeps the fresh ones, orders each network's regions
 * fastest first but keeps the region the network had in front unless a faster one beats it by the margin, and
 * averages each country's measured networks per region for clients whose own network has no data. Pure: the same
 * entries, previous snapshot and time give the same snapshot. The new snapshot counts decisions where the previous
 * one did.
 */
public final class LatencySnapshotBuilder {
    private final LatencySettings settings;
    private final ToIntFunction<ClientNetwork> countryOf;

    /** @param countryOf a network's {@link CountryKey} (from GeoIP), {@link CountryKey#NONE} when unknown */
    public LatencySnapshotBuilder(LatencySettings settings, ToIntFunction<ClientNetwork> countryOf) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.countryOf = Objects.requireNonNull(countryOf, "countryOf");
    }

    public LatencySnapshot build(Map<LatencyKey, LatencyEntry> entries, LatencySnapshot previous, long nowMillis) {
        Map<ClientNetwork, Map<Integer, LatencyEntry>> byNetwork = new HashMap<>();
        long oldest = nowMillis - settings.fresh().toMillis();
        entries.forEach((key, entry) -> {
            if (entry.lastSampleMillis() >= oldest) {
                byNetwork.computeIfAbsent(key.network(), n -> new HashMap<>()).put(RegionIds.of(key.region()), entry);
            }
        });
        Map<ClientNetwork, LatencyRow> networks = new HashMap<>();
        Map<ClientNetwork, Integer> choices = new HashMap<>();
        Map<Integer, Map<Integer, double[]>> countrySums = new HashMap<>();
        byNetwork.forEach((network, regions) -> {
            LatencyRow row = row(LatencyRow.Level.NETWORK, network.prefix(), regions,
                    previous.choices().get(network));
            networks.put(network, row);
            choices.put(network, row.regions()[0]);
            int country = countryOf.applyAsInt(network);
            if (country != CountryKey.NONE) {
                Map<Integer, double[]> sums = countrySums.computeIfAbsent(country, c -> new HashMap<>());
                regions.forEach((region, entry) -> {
                    double[] sum = sums.computeIfAbsent(region, r -> new double[3]);
                    sum[0] += entry.rttMillis();
                    sum[1] += 1;
                    sum[2] += entry.samples();
                });
            }
        });
        Map<Integer, LatencyRow> countries = new HashMap<>();
        countrySums.forEach((country, sums) -> {
            Map<Integer, LatencyEntry> averaged = new HashMap<>();
            sums.forEach((region, sum) -> averaged.put(region,
                    new LatencyEntry(sum[0] / sum[1], (long) sum[2], nowMillis, LatencySource.ACTIVE)));
            countries.put(country, row(LatencyRow.Level.COUNTRY, 0, averaged, null));
        });
        return new LatencySnapshot(settings, Map.copyOf(networks), Map.copyOf(countries), Map.copyOf(choices),
                nowMillis, previous.levels());
    }

    private LatencyRow row(LatencyRow.Level level, int prefix, Map<Integer, LatencyEntry> regions, Integer previous) {
        List<Map.Entry<Integer, LatencyEntry>> sorted = new ArrayList<>(regions.entrySet());
        // Ties go to the lower id, so two builds from the same data agree.
        sorted.sort((a, b) -> {
            int byRtt = Double.compare(a.getValue().rttMillis(), b.getValue().rttMillis());
            return byRtt != 0 ? byRtt : Integer.compare(a.getKey(), b.getKey());
        });
        if (previous != null && regions.containsKey(previous)) {
            double current = regions.get(previous).rttMillis();
            if (!settings.worthSwitching(current, sorted.get(0).getValue().rttMillis())) {
                for (int i = 0; i < sorted.size(); i++) {
                    if (sorted.get(i).getKey().equals(previous)) {
                        sorted.add(0, sorted.remove(i));
                        break;
                    }
                }
            }
        }
        int n = sorted.size();
        int[] ids = new int[n];
        double[] rtt = new double[n];
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = sorted.get(i).getKey();
            rtt[i] = sorted.get(i).getValue().rttMillis();
            samples[i] = sorted.get(i).getValue().samples();
        }
        return new LatencyRow(level, prefix, ids, rtt, samples);
    }
}
