package dev.meridian.server.policy;

import java.util.ArrayList;
import java.util.List;

/** Small operations on candidate lists that several steps share. */
final class Candidates {
    private Candidates() {
    }

    /** The candidates of the first {@code regions} distinct regions of an ordered list. */
    static List<Target> firstRegions(List<Target> ordered, int regions) {
        List<Target> kept = new ArrayList<>(ordered.size());
        List<Region> seen = new ArrayList<>(regions);
        for (Target t : ordered) {
            if (!seen.contains(t.region())) {
                if (seen.size() == regions) {
                    continue;
                }
                seen.add(t.region());
            }
            kept.add(t);
        }
        return kept;
    }

    /** Candidates in the order of a region list; those of unlisted regions are left out. */
    static List<Target> inRegionOrder(List<Target> candidates, List<Region> order) {
        List<Target> kept = new ArrayList<>(candidates.size());
        for (Region region : order) {
            for (Target t : candidates) {
                if (t.region().equals(region)) {
                    kept.add(t);
                }
            }
        }
        return kept;
    }
}
