package dev.meridian.server.geo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code geo-build} command: builds a MaxMind DB file (City layout) from a CSV of an operator's networks. */
@Command(name = "geo-build", mixinStandardHelpOptions = true,
        description = {"Build a MaxMind DB file (GeoIP2 City layout) from a CSV of networks.",
            "CSV header: network,continent,country,subdivision,latitude,longitude[,accuracy_radius]; "
                    + "cells may be empty; lines starting with # are comments."})
public final class GeoBuildCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "CSV of networks to read.")
    Path csv;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Database to write; replaced in one step, so a server mapping the old file is unharmed.")
    Path out;

    @Option(names = "--type", paramLabel = "NAME", defaultValue = "Meridian-City",
            description = "database_type in the metadata (default: ${DEFAULT-VALUE}); GeoIP2 readers need 'City' in it.")
    String type;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "Networks built by Meridian geo-build",
            description = "English description in the metadata (default: ${DEFAULT-VALUE}).")
    String description;

    @Option(names = "--build-epoch", paramLabel = "N",
            description = "build_epoch in the metadata, seconds since 1970 (default: now); "
                    + "fix it to get the same bytes from the same CSV.")
    Long buildEpoch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (buildEpoch != null && buildEpoch < 0) {
            spec.commandLine().getErr().println("error: --build-epoch must not be negative");
            return 1;
        }
        try {
            List<GeoCsv.Row> rows = GeoCsv.read(csv);
            long epoch = buildEpoch != null ? buildEpoch : Instant.now().getEpochSecond();
            byte[] database = CityDatabase.build(rows, type, description, epoch);
            write(database);
            spec.commandLine().getOut().println("wrote " + out + ": " + rows.size() + " networks, "
                    + database.length + " bytes, database_type " + type + ", build_epoch " + epoch);
            return 0;
        } catch (GeoDatabaseException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Writes beside the target and renames over it: a running server maps the database into memory, and
     * overwriting that file in place would change (or cut short) the pages it is reading.
     */
    private void write(byte[] database) throws GeoDatabaseException {
        Path target = out.toAbsolutePath();
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(temporary, database);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new GeoDatabaseException(out, "cannot write: " + e, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The write already failed with the reason to report; a leftover .tmp file is harmless.
        }
    }
}
