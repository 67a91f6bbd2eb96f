package dev.meridian.server.dns.compiled;

import dev.meridian.server.dns.response.ReplyTemplate;
import dev.meridian.server.zone.AuthoritativeZone;
import dev.meridian.server.zone.DynamicAnswer;
import dev.meridian.server.zone.DynamicNode;
import org.xbill.DNS.RRset;

/** What a name answers for one query type, compiled; a {@code null} slot means the full path answers. */
public sealed interface Compiled {
    /** The zone that answers, for the observers. */
    AuthoritativeZone zone();

    /** {@link dev.meridian.server.dns.query.NameHash} of the zone's origin, what a rate limiter keys NXDOMAIN on. */
    int zoneHash();

    /** The same reply whoever asks. */
    record Fixed(ReplyTemplate template, AuthoritativeZone zone, int zoneHash) implements Compiled {
    }

    /**
     * A reply that depends on one GSLB name's answer (the name itself, or a CNAME chain ending at it): the name is
     * asked per query and its answer picks the template, matched by identity to the RRsets it answers with when one
     * endpoint is chosen; a TTL shortened by health is patched in. Other answers (several endpoints, stale health)
     * take the full path.
     *
     * @param keys the RRsets the name may answer with
     * @param templates the reply for each key
     * @param ttlFields for each key, where in its reply the TTLs of the name's records are: a health-shortened TTL
     *        is written there
     * @param noData the reply when the name has nothing of the type, or {@code null}
     */
    record ThroughGslb(DynamicNode node, RRset[] keys, ReplyTemplate[] templates, int[][] ttlFields,
            ReplyTemplate noData, AuthoritativeZone zone, int zoneHash) implements Compiled {

        /** The index of the template for the name's answer, or -1 when none was compiled for it. */
        public int indexOf(DynamicAnswer answer) {
            RRset set;
            if (answer instanceof DynamicAnswer.Records records && !records.stale()) {
                set = records.usual();
            } else if (answer instanceof DynamicAnswer.Alias alias && !alias.stale()) {
                set = alias.cname();
            } else {
                return -1;
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == set) {
                    return i;
                }
            }
            return -1;
        }
    }
}
