package dev.meridian.server.dns;

import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.RawQuery;
import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;

/**
 * A stage before resolution that may answer a query itself (DNS cookies: BADCOOKIE, or TC over UDP for a client
 * without a valid server cookie).
 */
@FunctionalInterface
public interface AdmissionStage {
    /** Lets every query through. */
    AdmissionStage NONE = (query, source, transport) -> null;

    /** The answer to give instead of resolving, or {@code null} to resolve. */
    Answer admit(ParsedQuery query, InetAddress source, Transport transport);

    /**
     * Whether {@link #admitCompiled} does for a compiled reply what {@link #annotate} and {@link #admit} do for the
     * full path, so this stage can run on the compiled path.
     */
    default boolean admitsCompiled() {
        return this == NONE;
    }

    /**
     * This stage for a query read from its bytes: notes on it what {@link #annotate} would learn
     * ({@link RawQuery#cookieChecked}).
     *
     * @return whether the compiled path may answer it; {@code false} when this stage would answer it itself
     */
    default boolean admitCompiled(RawQuery query, InetAddress source, Transport transport) {
        return true;
    }

    /** What this stage learned about the query, for the stages after it (a cookie's validity); the query by default. */
    default ParsedQuery annotate(ParsedQuery query, InetAddress source) {
        return query;
    }
}
