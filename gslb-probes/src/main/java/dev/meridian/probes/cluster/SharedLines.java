package dev.meridian.probes.cluster;

import java.util.List;

/**
 * A bounded log of lines every DNS node shares, oldest dropped when full (the admin API's audit log): appended by
 * whichever node made the change, read by any.
 */
public interface SharedLines {
    /** Adds a line; never blocks on the network and never throws because the cluster is unavailable. */
    void append(String line);

    /** Up to {@code limit} newest lines, newest first. May block briefly; not for the query path. */
    List<String> newestFirst(int limit);
}
