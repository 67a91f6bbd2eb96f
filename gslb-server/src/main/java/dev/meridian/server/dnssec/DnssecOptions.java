package dev.meridian.server.dnssec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server signs, from the configuration's {@code dnssec} block.
 *
 * @param keyDirectory where the zone keys are ({@link KeyFiles}); zones without keys there stay unsigned
 * @param validity how long a signature is valid from the time it is made
 * @param refresh the age at which a signature is made again, well before it expires, so every signature served has
 *        at least {@code validity - refresh} left for resolvers to cache it
 * @param inceptionOffset how far back the inception is dated, so validators whose clocks run behind accept it
 * @param cacheSize how many signed RRsets are kept (rounded up to a power of two)
 * @param signingBudget signing time the event loops may spend in each second, together, before UDP answers that
 *        need a new signature are truncated (TC) so the resolver asks over TCP; {@link Duration#ZERO}: no limit
 * @param publishCds whether to publish CDS and CDNSKEY for the key-signing keys (RFC 7344, 8078); off by default,
 *        since a parent that scans for them may install the DS, even for a zone it has no DS for yet
 */
public record DnssecOptions(Path keyDirectory, Duration validity, Duration refresh, Duration inceptionOffset,
        int cacheSize, Duration signingBudget, boolean publishCds) {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(14);
    public static final Duration DEFAULT_REFRESH = Duration.ofDays(1);
    public static final Duration DEFAULT_INCEPTION_OFFSET = Duration.ofHours(1);
    public static final int DEFAULT_CACHE_SIZE = 16384;
    /** A quarter of a second of signing per second: a quarter of one core, of however many the loops have. */
    public static final Duration DEFAULT_SIGNING_BUDGET = Duration.ofMillis(250);

    public DnssecOptions {
        Objects.requireNonNull(keyDirectory, "keyDirectory");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(inceptionOffset, "inceptionOffset");
        if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(validity.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("refresh must be more than 0 and at most half the validity ("
                    + validity.toHours() + "h), got " + refresh.toHours() + "h");
        }
        if (inceptionOffset.isNegative()) {
            throw new IllegalArgumentException("inception-offset must not be negative");
        }
        Objects.requireNonNull(signingBudget, "signingBudget");
        if (signingBudget.isNegative() || signingBudget.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("signing-budget must be from 0s (no limit) to 1s per second, got "
                    + signingBudget.toMillis() + "ms");
        }
        if (cacheSize < 16 || cacheSize > 1 << 24) {
            throw new IllegalArgumentException("cache-size must be between 16 and 16777216, got " + cacheSize);
        }
    }

    /** Signing with the defaults and the keys in {@code keyDirectory}. */
    public static DnssecOptions defaults(Path keyDirectory) {
        return new DnssecOptions(keyDirectory, DEFAULT_VALIDITY, DEFAULT_REFRESH, DEFAULT_INCEPTION_OFFSET,
                DEFAULT_CACHE_SIZE, DEFAULT_SIGNING_BUDGET, false);
    }
}
