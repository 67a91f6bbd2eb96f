package dev.meridian.server.anycast;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a manual withdraw is kept, so a node withdrawn by hand for maintenance stays withdrawn when it restarts: a
 * small JSON file beside the health state, present only while the withdraw holds.
 */
final class ManualWithdrawFile {
    private final Path file;

    ManualWithdrawFile(Path file) {
        this.file = file;
    }

    /** Who withdrew the node, or {@code null}; an unreadable file counts as withdrawn, as the safer side. */
    String read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return new JsonObject(Files.readString(file)).getString("by", "unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    void write(String by) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, new JsonObject().put("by", by).put("at", java.time.Instant.now().toString())
                    .encode() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the manual withdraw in " + file, e);
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the manual withdraw in " + file, e);
        }
    }
}
