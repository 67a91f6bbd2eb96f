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
     * endpoint is chosen at the configured TTL. Other answers (several endpoints, a shortened TTL) take the full path.
     *
     * @param keys the RRsets the name may answer with
     * @param templates the reply for each key
     * @param noData the reply when the name has nothing of the type, or {@code null}
     */
    record ThroughGslb(DynamicNode node, RRset[] keys, ReplyTemplate[] templates, ReplyTemplate noData,
            AuthoritativeZone zone, int zoneHash) implements Compiled {

        /** The template for the name's answer, or {@code null} when none was compiled for it. */
        public ReplyTemplate templateFor(DynamicAnswer answer) {
            RRset set;
            if (answer instanceof DynamicAnswer.Records records && !records.stale()) {
                set = records.rrset();
            } else if (answer instanceof DynamicAnswer.Alias alias && !alias.stale()) {
                set = alias.cname();
            } else {
                return answer instanceof DynamicAnswer.NoData ? noData : null;
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == set) {
                    return templates[i];
                }
            }
            return null;
        }
    }
}
