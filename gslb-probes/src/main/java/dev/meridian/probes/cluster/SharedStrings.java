package dev.meridian.probes.cluster;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small map of strings every DNS node of the cluster shares, for state an operator sets on one node that every
 * node must obey (the server's overlays): read locally, changed atomically per key, with a listener for changes
 * made anywhere. Values are opaque to the cluster; the caller encodes them.
 */
public interface SharedStrings {
    /** Every entry, as this node sees it now. */
    Map<String, String> entries();

    /**
     * Changes one key's value atomically across the cluster: {@code change} gets the current value (or {@code null})
     * and returns the new one ({@code null} removes the key). It may be called more than once when another node
     * changes the key at the same time.
     *
     * @return the value now stored, or {@code null}
     */
    String update(String key, UnaryOperator<String> change);

    /** Runs {@code listener} after every change of any key, made on any node. */
    void onChange(Runnable listener);
}
