package dev.meridian.probes.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small map of strings every DNS node of the cluster shares, for state an operator sets on one node that every
 * node must obey (the server's overlays): read locally, changed atomically per key, with a listener for changes
 * made anywhere. Values are opaque to the cluster; the caller encodes them, and says when each change was made.
 *
 * <p>After a split of the cluster heals, each key keeps the value its writer said was changed last, whichever side
 * wrote it later: a node that restarts alone during the split and restores an old value from its own file does not
 * bring it back over a newer change the other side made meanwhile. A removal leaves no time behind, so a key removed
 * on one side comes back from the other side's copy: store a cleared value rather than remove a key that must stay
 * gone (the overlays do), and remove only what ages out by itself (the node directory).
 */
public interface SharedStrings {
    /** Every entry, as this node sees it now. */
    Map<String, String> entries();

    /**
     * Changes one key's value atomically across the cluster: {@code change} gets the current value (or {@code null})
     * and returns the new one ({@code null} removes the key). It may be called more than once when another node
     * changes the key at the same time.
     *
     * @param changedAt when the new value was made, in the caller's terms (an overlay restored from a file keeps its
     *     own time); a change that returns the current value keeps the current value's time
     * @return the value now stored, or {@code null}
     */
    String update(String key, UnaryOperator<String> change, Instant changedAt);

    /** Runs {@code listener} after every change of any key, made on any node. */
    void onChange(Runnable listener);
}
