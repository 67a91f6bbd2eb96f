package dev.meridian.server.policy;

import java.util.List;

/** The outcome of a chain: targets to answer with (possibly none, which is NODATA), or SERVFAIL. */
public sealed interface Decision {
    record Answer(List<Target> targets, boolean allDown) implements Decision {
    }

    record ServFail() implements Decision {
    }
}
