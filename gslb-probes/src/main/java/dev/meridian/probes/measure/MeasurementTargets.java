package dev.meridian.probes.measure;

import dev.meridian.probes.latency.ClientNetwork;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The measurement targets the DNS nodes publish and the agents follow: each node writes its own busiest list, which
 * expires if the node stops writing it; agents read the union.
 */
public interface MeasurementTargets {
    /** Replaces {@code node}'s list. */
    void publish(String node, List<MeasurementTarget> targets);

    /** Every node's list merged, each target once, interleaved so every node's busiest come first. */
    List<MeasurementTarget> all();

    /** Interleaves lists: the first of each, then the second of each, and so on, without repeats. */
    static List<MeasurementTarget> interleave(List<List<MeasurementTarget>> lists) {
        LinkedHashSet<MeasurementTarget> out = new LinkedHashSet<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<MeasurementTarget> list : lists) {
                if (i < list.size()) {
                    out.add(list.get(i));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Encodes a list for the cluster: {@code network resolver} per line. */
    static String encode(List<MeasurementTarget> targets) {
        StringBuilder out = new StringBuilder();
        for (MeasurementTarget t : targets) {
            out.append(t.network()).append(' ').append(t.resolver().getHostAddress()).append('\n');
        }
        return out.toString();
    }

    /** The inverse of {@link #encode}. */
    static List<MeasurementTarget> decode(String text) {
        List<MeasurementTarget> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                int space = line.indexOf(' ');
                out.add(new MeasurementTarget(ClientNetwork.parse(line.substring(0, space)),
                        ClientNetwork.literal(line.substring(space + 1))));
            }
        }
        return out;
    }
}
