package dev.meridian.probes.health;

import dev.meridian.probes.observe.Observation;
import java.util.List;

/**
 * The fresh votes on one endpoint, each list sorted by vantage.
 *
 * @param up the fresh votes saying up
 * @param down the fresh votes saying down
 */
record Votes(List<Observation> up, List<Observation> down) {
    Votes {
        up = List.copyOf(up);
        down = List.copyOf(down);
    }

    int total() {
        return up.size() + down.size();
    }

    static List<String> vantages(List<Observation> votes) {
        return votes.stream().map(Observation::vantage).toList();
    }
}
