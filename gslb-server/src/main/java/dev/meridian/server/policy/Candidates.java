package dev.meridian.server.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Small operations on candidate lists that several steps share. They run for every GSLB query: indexed loops (no
 * iterator per list), regions told apart by their position in the file before anything else, and the common result
 * of one candidate returned without a growable list.
 */
final class Candidates {
    private Candidates() {
    }

    /** The candidates of the first {@code regions} distinct regions of an ordered list. */
    static List<Target> firstRegions(List<Target> ordered, int regions) {
        Region[] seen = new Region[regions];
        int distinct = 0;
        Kept kept = new Kept();
        for (int i = 0; i < ordered.size(); i++) {
            Target t = ordered.get(i);
            if (!contains(seen, distinct, t.region())) {
                if (distinct == regions) {
                    continue;
                }
                seen[distinct++] = t.region();
            }
            kept.add(t, ordered.size());
        }
        return kept.list();
    }

    /** Candidates in the order of a region list; those of unlisted regions are left out. */
    static List<Target> inRegionOrder(List<Target> candidates, List<Region> order) {
        return nearestRegions(candidates, order, Integer.MAX_VALUE);
    }

    /**
     * The candidates of the first {@code regions} regions of {@code order} that have any, in that order: what
     * {@link #firstRegions} of {@link #inRegionOrder} gives, in one pass.
     */
    static List<Target> nearestRegions(List<Target> candidates, List<Region> order, int regions) {
        Kept kept = new Kept();
        int found = 0;
        for (int r = 0; r < order.size() && found < regions; r++) {
            Region region = order.get(r);
            boolean any = false;
            for (int i = 0; i < candidates.size(); i++) {
                Target t = candidates.get(i);
                if (same(t.region(), region)) {
                    kept.add(t, candidates.size());
                    any = true;
                }
            }
            if (any) {
                found++;
            }
        }
        return kept.list();
    }

    /** Equal regions; two regions of one file differ in their position, which is the cheap test. */
    private static boolean same(Region a, Region b) {
        return a == b || a.order() == b.order() && a.equals(b);
    }

    private static boolean contains(Region[] regions, int count, Region region) {
        for (int i = 0; i < count; i++) {
            if (same(regions[i], region)) {
                return true;
            }
        }
        return false;
    }

    /** The targets kept so far: one is held as itself, a list made only for a second. */
    private static final class Kept {
        private Target first;
        private List<Target> all;

        void add(Target t, int room) {
            if (first == null) {
                first = t;
            } else {
                if (all == null) {
                    all = new ArrayList<>(room);
                    all.add(first);
                }
                all.add(t);
            }
        }

        List<Target> list() {
            return all != null ? all : first != null ? List.of(first) : List.of();
        }
    }
}
