package dev.meridian.server.control;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Overlays kept by this node alone and, when a file is given, written to it after every change and read back at
 * start, so a drain or a forced state survives a restart.
 */
public final class LocalOverlayStore implements OverlayStore {
    private final Path file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Overlays current;

    private LocalOverlayStore(Path file, Overlays initial) {
        this.file = file;
        this.current = initial;
    }

    /** A store that forgets everything when the process ends. */
    public static LocalOverlayStore inMemory() {
        return new LocalOverlayStore(null, Overlays.NONE);
    }

    /**
     * A store backed by {@code file}, starting from what it holds (nothing when it does not exist yet).
     *
     * @throws IllegalArgumentException naming the file and the problem when it cannot be read or is not an overlay file
     */
    public static LocalOverlayStore open(Path file) {
        Map<String, Overlay> entries = new HashMap<>();
        for (Overlay o : OverlayFile.read(file)) {
            if (!o.isEmpty()) {
                entries.put(o.target(), o);
            }
        }
        return new LocalOverlayStore(file, new Overlays(entries));
    }

    @Override
    public Overlays current() {
        return current;
    }

    @Override
    public synchronized Overlays update(String target, UnaryOperator<Overlay> change, String by, Instant at) {
        Overlays next = current.with(change.apply(current.get(target, by, at)));
        if (file != null) {
            OverlayFile.write(file, next.byTarget().values());
        }
        current = next;
        listeners.forEach(Runnable::run);
        return next;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
