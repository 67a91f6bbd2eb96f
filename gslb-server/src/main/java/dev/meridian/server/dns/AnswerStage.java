package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;

/**
 * A stage after resolution that may change or withhold the answer: response rate limiting (drop, or slip a
 * truncated reply), DNSSEC signing (add signatures).
 */
@FunctionalInterface
public interface AnswerStage {
    /** Passes every answer on as it is. */
    AnswerStage NONE = (query, source, transport, answer) -> answer;

    /** The answer to pass on, or {@code null} to send nothing. */
    Answer apply(ParsedQuery query, InetAddress source, Transport transport, Answer answer);
}
