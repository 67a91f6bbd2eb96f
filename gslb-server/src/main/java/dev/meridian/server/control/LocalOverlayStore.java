package dev.meridian.server.control;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Overlays kept by this node and, when a file is given, written to it (JSON, replaced atomically) after every change
 * and read back at start, so a drain or a forced state survives a restart.
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
        try {
            return new LocalOverlayStore(file, Overlays.fromJson(new JsonObject(Files.readString(file))));
        } catch (NoSuchFileException e) {
            return new LocalOverlayStore(file, Overlays.NONE);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the overlays: " + e.getMessage(), e);
        } catch (DecodeException | ClassCastException | DateTimeParseException | IllegalArgumentException
                | NullPointerException e) {
            throw new IllegalArgumentException(file + ": not an overlay file (" + e.getMessage()
                    + "); move it away to start without overlays", e);
        }
    }

    @Override
    public Overlays current() {
        return current;
    }

    @Override
    public synchronized Overlays update(String target, UnaryOperator<Overlay> change, String by, Instant at) {
        Overlays next = current.with(change.apply(current.get(target, by, at)));
        save(next);
        current = next;
        listeners.forEach(Runnable::run);
        return next;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void save(Overlays overlays) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, overlays.toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Refuse the change rather than hold one that a restart would lose.
            throw new UncheckedIOException(file + ": cannot save the overlays: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
