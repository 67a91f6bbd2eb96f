package dev.meridian.server.dns.compiled;

import dev.meridian.server.zone.AuthoritativeZone;

/**
 * One name of the snapshot, compiled: the replies to a query for it, and to a query for a name below it that does
 * not exist (NXDOMAIN, a wildcard's answer, a referral), each by query type slot ({@link QtypeSlots}).
 *
 * @param zone the zone the name was compiled from: of a name in two zones (a child's apex, the parent's
 *        delegation), the deeper zone's answers the name
 * @param exact the replies for the name itself; a {@code null} slot takes the full path
 * @param below the replies for names below it that do not exist; a {@code null} slot takes the full path
 */
record CompiledName(AuthoritativeZone zone, Compiled[] exact, Compiled[] below) {
    /** A name the compiled path must not answer below or at (a name the replies below its parent refer to). */
    static CompiledName guard(AuthoritativeZone zone) {
        return new CompiledName(zone, new Compiled[QtypeSlots.COUNT], new Compiled[QtypeSlots.COUNT]);
    }
}
