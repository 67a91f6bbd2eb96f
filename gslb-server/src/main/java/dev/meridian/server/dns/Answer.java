package dev.meridian.server.dns;

import dev.meridian.server.zone.Resolution;

/**
 * What a query is answered with, between the stages that resolve it and the writer: the sections and the ECS scope
 * the decision depended on.
 *
 * @param resolution rcode, flags and sections
 * @param scope the ECS SCOPE PREFIX-LENGTH to return (0 when the answer does not depend on the client)
 * @param truncated whether to send only the header, the question and the OPT, with TC set, so the client asks again
 *        over TCP (a rate limiter's slip)
 */
public record Answer(Resolution resolution, int scope, boolean truncated) {
    public Answer(Resolution resolution, int scope) {
        this(resolution, scope, false);
    }

    /** This answer cut to its header with TC set. */
    public Answer slipped() {
        return new Answer(resolution, scope, true);
    }
}
