package dev.meridian.server.policy;

import java.util.List;

/**
 * What one step of a chain keeps, in the order it prefers, and how many leading bits of the client address that
 * decision depended on: the ECS scope travels with the answer instead of being written into the request.
 *
 * @param targets the candidates kept
 * @param scope the prefix length of the client address the step looked at; 0 when it did not look
 */
public record Selection(List<Target> targets, int scope) {
    /** A choice that does not depend on the client. */
    public static Selection of(List<Target> targets) {
        return new Selection(targets, 0);
    }

    /** The same targets, depending also on {@code prefix} bits of the client. */
    public Selection widen(int prefix) {
        return prefix <= scope ? this : new Selection(targets, prefix);
    }
}
