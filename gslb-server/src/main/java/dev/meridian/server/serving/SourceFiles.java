package dev.meridian.server.serving;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a snapshot is built from: the YAML configuration, every zone and policy file of the zones directory, and
 * the geo databases. Their {@linkplain #fingerprint() fingerprint} (names, sizes, modification times) is cheap enough
 * to poll every second; their {@linkplain #digest() digest} reads every byte and is taken only when the fingerprint
 * moved, so touching a file without changing it reloads nothing. The files zone files {@code $INCLUDE} are known only
 * once the zones are read: they come from the snapshot that read them, and count after the others.
 *
 * @param includes the files the zone files included when last read
 */
public record SourceFiles(List<Path> files, List<Path> includes, Path configFile) {
    private static final int BUFFER = 64 * 1024;

    public SourceFiles {
        files = List.copyOf(files);
        includes = List.copyOf(includes);
    }

    public SourceFiles(List<Path> files) {
        this(files, List.of(), null);
    }

    /** These files and the files zone files included. */
    public SourceFiles withIncludes(List<Path> value) {
        return new SourceFiles(files, value, configFile);
    }

    /** The files the configuration names, as they are on disk now (a zone file added since is included). */
    public static SourceFiles scan(ServerConfig config, Path configFile) throws ConfigException {
        List<Path> files = new ArrayList<>();
        if (configFile != null) {
            files.add(configFile);
        }
        Path dir = config.zonesDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(SourceFiles::isZoneInput).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new ConfigException(dir, ConfigException.NO_LINE,
                        "cannot list zones directory: " + e.getMessage());
            }
        }
        files.addAll(config.geoDatabases());
        return new SourceFiles(files, List.of(), configFile);
    }

    private static boolean isZoneInput(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".zone") || name.endsWith(".policy.yaml");
    }

    /** Names, sizes and modification times: equal fingerprints mean nothing was written since. */
    public List<String> fingerprint() {
        List<String> result = new ArrayList<>(files.size() + includes.size());
        for (Path file : concat(files, includes)) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                result.add(file + "|" + a.size() + "|" + a.lastModifiedTime().toInstant());
            } catch (IOException e) {
                result.add(file + "|missing");
            }
        }
        return List.copyOf(result);
    }

    /**
     * What a reload compares to see whether anything was written: the {@linkplain #inputs combination} of the YAML
     * file's digest and the {@linkplain #dataDigest() data digest}.
     */
    public String digest() throws ConfigException {
        return inputs(configDigest(), dataDigest());
    }

    /** SHA-256 over the YAML file's name and content; empty when there is no YAML file. */
    public String configDigest() throws ConfigException {
        return configFile == null ? "" : digest(List.of(configFile));
    }

    /**
     * The {@linkplain #digest() digest} of files whose YAML file and data have these digests: the data, the largest
     * part by far, is read once for both.
     */
    public static String inputs(String configDigest, String dataDigest) {
        return combine(configDigest, dataDigest);
    }

    /**
     * SHA-256 over the name and content of every file but the YAML file (a missing file counts as missing, not as an
     * error); with includes, the {@linkplain #combine combination} of the files' digest and the includes' digest. It
     * is the data this node serves (zones, policies, includes, geo databases): nodes with their own YAML files
     * (identity, listen addresses) that serve the same data have the same data digest.
     */
    public String dataDigest() throws ConfigException {
        String own = digest(files.stream().filter(f -> !f.equals(configFile)).toList());
        return includes.isEmpty() ? own : combine(own, digest(includes));
    }

    /** The digest of files whose own digest is {@code files} and whose includes' digest is {@code includes}. */
    public static String combine(String files, String includes) {
        return HexFormat.of().formatHex(sha256().digest((files + "|" + includes).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String digest(List<Path> files) throws ConfigException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        for (Path file : files) {
            // The name, not the path: the same files installed elsewhere on another node are the same data.
            sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
                sha.update((byte) 1);
            } catch (NoSuchFileException e) {
                sha.update((byte) 2);
            } catch (IOException e) {
                throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
