package dev.meridian.server.dns;

import dev.meridian.server.zone.Resolution;

/**
 * What a query is answered with, between the stages that resolve it and the writer: the sections and the ECS scope
 * the decision depended on.
 *
 * @param resolution rcode, flags and sections
 * @param scope the ECS SCOPE PREFIX-LENGTH to return (0 when the answer does not depend on the client)
 */
public record Answer(Resolution resolution, int scope) {
}
