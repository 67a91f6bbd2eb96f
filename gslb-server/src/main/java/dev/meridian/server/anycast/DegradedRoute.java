package dev.meridian.server.anycast;

import java.util.List;

/**
 * How a degraded node announces its prefixes: withdrawn like an unready one, or announced with a longer AS path
 * and communities so that routers prefer healthy sites but still reach this one when every site is degraded — a
 * withdraw everywhere would blackhole everyone.
 *
 * @param withdraw whether degraded means withdrawn
 * @param prepend how many times to prepend {@code asn} to the AS path (0 for none)
 * @param asn the node's own AS number, prepended
 * @param communities BGP communities such as {@code 65001:100} that the upstream maps to a lower local preference
 */
public record DegradedRoute(boolean withdraw, int prepend, long asn, List<String> communities) {
    /** Degraded is announced as announced: the state shows in the status and metrics only. */
    public static final DegradedRoute SAME = new DegradedRoute(false, 0, 0, List.of());

    public DegradedRoute {
        if (prepend < 0 || prepend > 10) {
            throw new IllegalArgumentException("prepend must be from 0 to 10");
        }
        if (prepend > 0 && (asn < 1 || asn > 4_294_967_295L)) {
            throw new IllegalArgumentException("prepend needs the node's asn, from 1 to 4294967295");
        }
        for (String community : communities) {
            if (!community.matches("\\d{1,5}:\\d{1,5}")) {
                throw new IllegalArgumentException("a community is two numbers such as 65001:100, got '" + community
                        + "'");
            }
        }
        communities = List.copyOf(communities);
    }

    /** The route attributes of a degraded announcement, in ExaBGP's syntax, each preceded by a space. */
    String attributes() {
        StringBuilder out = new StringBuilder();
        if (prepend > 0) {
            out.append(" as-path [");
            for (int i = 0; i < prepend; i++) {
                out.append(' ').append(asn);
            }
            out.append(" ]");
        }
        if (!communities.isEmpty()) {
            out.append(" community [ ").append(String.join(" ", communities)).append(" ]");
        }
        return out.toString();
    }
}
