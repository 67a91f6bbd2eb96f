package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.RawQuery;
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

    /** {@link #limit}: send the reply. */
    int SEND = 0;
    /** {@link #limit}: send the reply truncated (TC, no records), so a real client asks again over TCP. */
    int SLIP = 1;
    /** {@link #limit}: send nothing. */
    int DROP = 2;

    /**
     * Whether {@link #limit} decides for a compiled reply what {@link #apply} decides for the same answer, so this
     * stage can run on the compiled path; a stage that changes records (signing) cannot.
     */
    default boolean limitsCompiled() {
        return this == NONE;
    }

    /**
     * Whether this stage leaves the answer to {@code query} as it is, whatever it is, so a compiled reply may be
     * sent without it (a signer for a query without the DO bit).
     */
    default boolean passesCompiled(RawQuery query) {
        return this == NONE;
    }

    /**
     * What to do with a compiled reply from the facts a rate limiter keys on.
     *
     * @param about {@link dev.meridian.server.dns.query.NameHash} of the query name, or of the zone's origin for
     *        NXDOMAIN and referrals
     * @param rcode the reply's rcode
     * @param referral whether the reply is a referral (not authoritative, no answer, an authority section)
     * @return {@link #SEND}, {@link #SLIP} or {@link #DROP}
     */
    default int limit(InetAddress source, Transport transport, int about, int qtype, int rcode, boolean referral) {
        return SEND;
    }
}
