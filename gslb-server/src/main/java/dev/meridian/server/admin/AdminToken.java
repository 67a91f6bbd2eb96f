package dev.meridian.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A named bearer token. Only a SHA-256 digest of the secret is kept, so comparing a presented token costs the same
 * whatever its length or how much of it is right, and the secret itself is never held, logged or echoed.
 *
 * @param name who holds it, as the audit log records it
 * @param access what it may do
 * @param digest SHA-256 of the secret
 */
public record AdminToken(String name, Access access, byte[] digest) {
    /** What a token may do. */
    public enum Access {
        /** Status, events, explain: nothing that changes the node or the cluster. */
        READ_ONLY,
        /** Everything, including drain, weights, forcing and reload. */
        READ_WRITE;

        /** Whether this access allows a route that needs {@code needed}. */
        boolean allows(Access needed) {
            return this == READ_WRITE || needed == READ_ONLY;
        }
    }

    public AdminToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
        digest = digest.clone();
    }

    /** A token from its secret, as read from a file or the environment (surrounding blanks are not part of it). */
    public static AdminToken of(String name, Access access, String secret) {
        String trimmed = secret.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("token '" + name + "' is empty");
        }
        return new AdminToken(name, access, sha256(trimmed));
    }

    /** Whether the presented secret is this token's, in time independent of where they differ. */
    boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(digest, presentedDigest);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Tokens are equal when name, access and secret are: a reload can tell whether they changed. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AdminToken t && name.equals(t.name) && access == t.access
                && MessageDigest.isEqual(digest, t.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, access, java.util.Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return "AdminToken[" + name + ", " + access + "]";
    }
}
