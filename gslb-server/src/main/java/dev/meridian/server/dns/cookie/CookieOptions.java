package dev.meridian.server.dns.cookie;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How server cookies are made and checked.
 *
 * @param secret the 16-byte SipHash key; the same on every node, so each recognises the others' cookies
 * @param previous the key before the last rotation, still accepted until {@code previousUntil}, or {@code null}
 * @param previousUntil when the previous key stops being accepted, or {@code null}
 * @param require whether a UDP query with a client cookie but no valid server cookie gets BADCOOKIE instead of an
 *        answer (RFC 7873 section 5.2.3); off by default, as clients without state must still be answered
 */
public record CookieOptions(byte[] secret, byte[] previous, Instant previousUntil, boolean require) {
    public static final int SECRET_BYTES = 16;

    public CookieOptions {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != SECRET_BYTES || previous != null && previous.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a cookie secret is 16 bytes: 32 hex digits");
        }
        if ((previous == null) != (previousUntil == null)) {
            throw new IllegalArgumentException("a previous secret needs the time it stops being accepted");
        }
        secret = secret.clone();
        previous = previous == null ? null : previous.clone();
    }

    /** A random secret for this process alone: cookies then work against this node only. */
    public static CookieOptions random() {
        byte[] secret = new byte[SECRET_BYTES];
        new java.security.SecureRandom().nextBytes(secret);
        return new CookieOptions(secret, null, null, false);
    }

    /** Reads 32 hex digits. */
    public static byte[] hex(String text) {
        byte[] bytes = HexFormat.of().parseHex(text.strip());
        if (bytes.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a cookie secret is 32 hex digits, got " + text.strip().length());
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CookieOptions o && java.util.Arrays.equals(secret, o.secret)
                && java.util.Arrays.equals(previous, o.previous) && Objects.equals(previousUntil, o.previousUntil)
                && require == o.require;
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(secret), java.util.Arrays.hashCode(previous), previousUntil,
                require);
    }

    @Override
    public String toString() {
        return "CookieOptions[secret=<hidden>, previous=" + (previous == null ? "none" : "<hidden>") + ", until="
                + previousUntil + ", require=" + require + "]";
    }
}
