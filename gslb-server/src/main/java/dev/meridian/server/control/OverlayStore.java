package dev.meridian.server.control;

import java.time.Instant;
import java.util.function.UnaryOperator;

/** Where the overlays live: this node alone, or the cluster. Reads are cheap; changes are rare and audited. */
public interface OverlayStore extends AutoCloseable {
    /** The overlays in force now. */
    Overlays current();

    /**
     * Changes one target's overlay and returns the snapshot after the change; listeners are told.
     *
     * @param change from the target's overlay (an empty one if it has none) to the new one
     */
    Overlays update(String target, UnaryOperator<Overlay> change, String by, Instant at);

    /** Runs {@code listener} after every change, from whatever thread made or received it. */
    void onChange(Runnable listener);

    @Override
    void close();
}
