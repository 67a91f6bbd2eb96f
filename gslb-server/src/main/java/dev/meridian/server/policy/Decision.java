package dev.meridian.server.policy;

import java.util.List;

/**
 * The outcome of a chain: targets to answer with (possibly none, which is NODATA), or SERVFAIL; either way with the
 * prefix of the client address the steps looked at (the ECS scope).
 */
public sealed interface Decision {
    int scope();

    record Answer(List<Target> targets, int scope) implements Decision {
    }

    record ServFail(int scope) implements Decision {
    }
}
