package dev.meridian.server.zone;

import org.xbill.DNS.ExtendedErrorCodeOption;

/**
 * An Extended DNS Error (RFC 8914) a resolution carries to the reply's OPT record, saying why an answer is what it
 * is. The instances are constants, so the query path never builds one.
 *
 * @param code the INFO-CODE
 * @param text the EXTRA-TEXT, for people reading a resolver's log
 */
public record ExtendedError(int code, String text) {
    /** The answer rests on health no vantage has confirmed lately (EDE 3). */
    public static final ExtendedError STALE_HEALTH = new ExtendedError(ExtendedErrorCodeOption.STALE_ANSWER,
            "health of the answered endpoints is stale");

    /** Every endpoint of a GSLB name is down and its all-down mode is servfail (EDE 0, the code for any other). */
    public static final ExtendedError ALL_DOWN = new ExtendedError(ExtendedErrorCodeOption.OTHER,
            "every endpoint is down; the name's all-down mode is servfail");
}
