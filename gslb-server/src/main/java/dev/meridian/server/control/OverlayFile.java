package dev.meridian.server.control;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Where a node keeps the overlays across restarts: {@code {"overlays": [...]}}, one object per target as the API
 * shows it, replaced atomically on every change. A target whose overlay was cleared may be kept as an entry with
 * nothing but who cleared it and when, so a node that rejoins with an older copy cannot bring it back.
 */
final class OverlayFile {
    private OverlayFile() {
    }

    /**
     * The entries in {@code file}; none when it does not exist yet.
     *
     * @throws IllegalArgumentException naming the file and the problem when it cannot be read or is not an overlay file
     */
    static List<Overlay> read(Path file) {
        try {
            JsonObject json = new JsonObject(Files.readString(file));
            List<Overlay> entries = new ArrayList<>();
            for (Object o : json.getJsonArray("overlays", new JsonArray())) {
                entries.add(Overlay.fromJson((JsonObject) o));
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the overlays: " + e.getMessage(), e);
        } catch (DecodeException | ClassCastException | DateTimeParseException | IllegalArgumentException
                | NullPointerException e) {
            throw new IllegalArgumentException(file + ": not an overlay file (" + e.getMessage()
                    + "); move it away to start without overlays", e);
        }
    }

    /** Replaces {@code file} with {@code entries}; a change that cannot be saved is refused, not held unsaved. */
    static void write(Path file, Collection<Overlay> entries) {
        JsonArray list = new JsonArray();
        entries.stream().sorted(Comparator.comparing(Overlay::target)).forEach(o -> list.add(o.toJson()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, new JsonObject().put("overlays", list).encodePrettily() + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot save the overlays: " + e.getMessage(), e);
        }
    }
}
