package dev.meridian.server.anycast;

import dev.meridian.server.anycast.Announcement.State;
import dev.meridian.server.geo.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The ExaBGP process-API commands for an announcement: ExaBGP runs the node (or a helper that follows it) as a
 * {@code process} and turns each line read from its output into a BGP UPDATE to its neighbours. A line for every
 * prefix on every change, so a node (re)started by ExaBGP states everything it wants from its first lines.
 */
final class ExaBgpLines {
    private final List<Cidr> prefixes;
    private final DegradedRoute degraded;

    ExaBgpLines(List<Cidr> prefixes, DegradedRoute degraded) {
        this.prefixes = List.copyOf(prefixes);
        this.degraded = degraded;
    }

    List<String> of(State state) {
        List<String> lines = new ArrayList<>(prefixes.size());
        boolean withdraw = state == State.WITHDRAWN || state == State.DEGRADED && degraded.withdraw();
        for (Cidr prefix : prefixes) {
            String route = "route " + prefix.address().getHostAddress() + "/" + prefix.prefixLength();
            lines.add(withdraw ? "withdraw " + route
                    : "announce " + route + " next-hop self" + (state == State.DEGRADED ? degraded.attributes() : ""));
        }
        return lines;
    }

    /** Whether the prefixes go out in this state: what the {@code announced} gauge shows. */
    boolean announces(State state) {
        return state == State.ANNOUNCED || state == State.DEGRADED && !degraded.withdraw();
    }
}
