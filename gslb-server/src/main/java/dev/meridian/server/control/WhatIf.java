package dev.meridian.server.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a what-if question assumes on top of the overlays in force: targets (a region or {@code region/name}) down,
 * drained, or with another weight.
 *
 * @param down targets assumed down
 * @param drained targets assumed drained
 * @param weights weights assumed, by target
 */
public record WhatIf(List<String> down, List<String> drained, Map<String, Integer> weights) {
    public static final WhatIf NONE = new WhatIf(List.of(), List.of(), Map.of());
    private static final String BY = "what-if";

    public WhatIf {
        down = List.copyOf(down);
        drained = List.copyOf(drained);
        weights = Map.copyOf(weights);
    }

    /** Every target named, to check that each exists. */
    public List<String> targets() {
        List<String> all = new java.util.ArrayList<>(down);
        all.addAll(drained);
        all.addAll(weights.keySet());
        return all;
    }

    /** {@code base} with these assumptions made, as the same changes made through the API would be. */
    public Overlays over(Overlays base, Instant now) {
        Overlays out = base;
        // Drained long enough ago that no TTL is still running: the question is where answers go.
        Instant longAgo = Instant.EPOCH;
        for (String target : drained) {
            out = out.with(out.get(target, BY, now).withDrain(longAgo, BY, now));
        }
        for (String target : down) {
            out = out.with(out.get(target, BY, now).withForced(Overlay.Forced.DOWN, null, BY, now));
        }
        for (Map.Entry<String, Integer> w : weights.entrySet()) {
            out = out.with(out.get(w.getKey(), BY, now).withWeight(w.getValue(), BY, now));
        }
        return out;
    }

    /**
     * Parses {@code TARGET=WEIGHT} pairs.
     *
     * @throws IllegalArgumentException naming the pair that is not one
     */
    public static Map<String, Integer> weights(List<String> pairs) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            try {
                int weight = Integer.parseInt(pair.substring(eq + 1));
                if (eq <= 0 || weight < 0 || weight > 1_000_000) {
                    throw new NumberFormatException();
                }
                out.put(pair.substring(0, eq), weight);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("'" + pair + "' is not TARGET=WEIGHT with a weight from 0 to "
                        + "1000000, such as eu-west/lb=5");
            }
        }
        return out;
    }
}
