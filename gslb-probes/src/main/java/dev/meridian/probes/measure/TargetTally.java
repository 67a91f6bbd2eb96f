package dev.meridian.probes.measure;

import dev.meridian.probes.latency.ClientNetwork;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The client networks a DNS node serves most, as measurement targets. The query path calls {@link #seen} for every
 * query; one in {@link #SAMPLE_EVERY} is written to a fixed ring without locks (a racy slot index only moves which
 * query lands where). Once a second, off the query path, {@link #roll()} decays every count, adds the ring's
 * samples, keeps the {@code tracked} busiest networks, and returns the busiest {@code top}, busiest first.
 */
public final class TargetTally {
    static final int SAMPLE_EVERY = 8;
    private static final int RING = 4096;
    /** Each roll keeps this share of the old counts: about a minute's memory at one roll a second. */
    private static final double DECAY = 0.95;

    private final int top;
    private final int tracked;
    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final AtomicReferenceArray<MeasurementTarget> ring = new AtomicReferenceArray<>(RING);
    private int seen;
    private int slot;
    private final Map<MeasurementTarget, Double> counts = new HashMap<>();

    public TargetTally(int top, int tracked, int ipv4Prefix, int ipv6Prefix) {
        if (top < 1 || tracked < top) {
            throw new IllegalArgumentException("keep at least one target, and track at least as many as kept");
        }
        this.top = top;
        this.tracked = tracked;
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
    }

    /**
     * One query from {@code resolver} on behalf of {@code client}, of which {@code knownPrefix} bits are known. A
     * client known to fewer bits than a measured network is not a target.
     */
    public void seen(InetAddress resolver, InetAddress client, int knownPrefix) {
        if ((++seen & (SAMPLE_EVERY - 1)) != 0) {
            return;
        }
        int prefix = client instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
        if (knownPrefix < prefix) {
            return;
        }
        ring.set(slot++ & (RING - 1), new MeasurementTarget(ClientNetwork.of(client, prefix), resolver));
    }

    /** Folds in the samples since the last roll and returns the busiest targets. One caller at a time. */
    public synchronized List<MeasurementTarget> roll() {
        counts.replaceAll((target, count) -> count * DECAY);
        for (int i = 0; i < RING; i++) {
            MeasurementTarget target = ring.getAndSet(i, null);
            if (target != null) {
                counts.merge(target, 1.0, Double::sum);
            }
        }
        List<Map.Entry<MeasurementTarget, Double>> busiest = new ArrayList<>(counts.entrySet());
        busiest.sort(Map.Entry.<MeasurementTarget, Double>comparingByValue().reversed());
        for (int i = tracked; i < busiest.size(); i++) {
            counts.remove(busiest.get(i).getKey());
        }
        counts.values().removeIf(count -> count < 0.01);
        List<MeasurementTarget> out = new ArrayList<>();
        for (int i = 0; i < Math.min(top, busiest.size()); i++) {
            out.add(busiest.get(i).getKey());
        }
        return out;
    }
}
