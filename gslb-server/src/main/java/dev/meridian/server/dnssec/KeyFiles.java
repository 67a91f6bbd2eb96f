package dev.meridian.server.dnssec;

import dev.meridian.probes.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Zone keys on disk, named as BIND names them: {@code K<zone>+<algorithm>+<tag>.key} holds the DNSKEY record as a
 * zone-file line, {@code K<zone>+<algorithm>+<tag>.private} the private key as PKCS#8 PEM. Both are created readable
 * by their owner only, and a private key that others can read is refused: a leaked zone key lets anyone forge the
 * zone. Every node serving a zone reads the same files. A {@code .key} file may carry BIND's key timing in comments
 * ({@code ; Publish:}, {@code Activate}, {@code Inactive}, {@code Delete}, as {@code YYYYMMDDHHMMSS} UTC): when the
 * key is in the DNSKEY RRset and when it signs ({@link KeyTiming}).
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final Pattern TIMING = Pattern.compile("^;\\s*(Publish|Activate|Inactive|Delete):\\s*(\\S+).*$");

    private KeyFiles() {
    }

    /** The file name, without extension, of {@code key}. */
    private static String baseName(ZoneKey key) {
        return String.format("K%s+%03d+%05d", key.dnskey().getName(), key.dnskey().getAlgorithm(), key.tag());
    }

    /**
     * Writes {@code key} into {@code dir} (created if missing), readable by the owner only.
     *
     * @return the {@code .key} file
     * @throws FileAlreadyExistsException when a key with the same tag is already there (never overwritten)
     */
    public static Path write(Path dir, ZoneKey key) throws IOException {
        Files.createDirectories(dir);
        Path pub = dir.resolve(baseName(key) + ".key");
        Path priv = dir.resolve(baseName(key) + ".private");
        create(pub, publicText(key));
        String pem = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.privateKey().getEncoded());
        create(priv, PEM_BEGIN + "\n" + pem + "\n" + PEM_END + "\n");
        return pub;
    }

    /**
     * Rewrites the {@code .key} file of {@code key} in {@code dir} with its timing (as {@code dnssec rollover-zsk}
     * retires a key), replacing it in one move so a node starting meanwhile reads the old file or the new one.
     */
    public static void retime(Path dir, ZoneKey key) throws IOException {
        Path pub = dir.resolve(baseName(key) + ".key");
        if (!Files.exists(pub)) {
            throw new NoSuchFileException(pub.toString());
        }
        Path next = dir.resolve(baseName(key) + ".key.next");
        Files.deleteIfExists(next);
        create(next, publicText(key));
        Files.move(next, pub, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String publicText(ZoneKey key) {
        String role = key.entryPoint() ? "key-signing (or combined) key" : "zone-signing key";
        return "; " + role + ", tag " + key.tag() + "\n" + key.timing().comments() + key.dnskey() + "\n";
    }

    private static void create(Path file, String text) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.writeString(Files.createFile(file, attributes), text, StandardCharsets.US_ASCII);
    }

    /**
     * Reads every key in {@code dir}, by zone; a {@code .key} file without its {@code .private} twin, a key of an
     * algorithm we do not sign with, or a private key others can read is an error naming the file.
     */
    public static TreeMap<Name, List<ZoneKey>> read(Path dir) throws ConfigException {
        TreeMap<Name, List<ZoneKey>> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "K*.key")) {
            for (Path pub : files) {
                ZoneKey key = readKey(pub);
                keys.computeIfAbsent(key.dnskey().getName(), z -> new ArrayList<>()).add(key);
            }
        } catch (IOException e) {
            throw new ConfigException(dir, ConfigException.NO_LINE, "cannot read the key directory: " + e);
        }
        return keys;
    }

    private static ZoneKey readKey(Path pub) throws ConfigException {
        DNSKEYRecord dnskey = dnskey(pub);
        KeyAlgorithm algorithm = KeyAlgorithm.of(dnskey.getAlgorithm());
        if (algorithm == null) {
            throw new ConfigException(pub, ConfigException.NO_LINE, "algorithm " + dnskey.getAlgorithm()
                    + " is not one this server signs with (13 ECDSAP256SHA256 or 15 ED25519)");
        }
        String name = pub.getFileName().toString();
        Path priv = pub.resolveSibling(name.substring(0, name.length() - ".key".length()) + ".private");
        return new ZoneKey(dnskey, privateKey(priv, algorithm), timing(pub));
    }

    /**
     * The key timing in the comments of a {@code .key} file, as BIND writes it ({@code ; Publish: 20261203120000});
     * a field that is absent is always (Publish; Activate too unless Publish is given) or never (the others).
     */
    private static KeyTiming timing(Path pub) throws ConfigException {
        Map<String, Instant> times = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(pub, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(pub, ConfigException.NO_LINE, "cannot read: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TIMING.matcher(lines.get(i));
            if (m.matches()) {
                try {
                    times.put(m.group(1), KeyTiming.parse(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(pub, i + 1, m.group(1) + ": " + e.getMessage());
                }
            }
        }
        try {
            // A key published without an activation time is a standby key, as in BIND: it never signs.
            Instant publish = times.getOrDefault("Publish", Instant.MIN);
            Instant activate = times.getOrDefault("Activate", publish == Instant.MIN ? publish : Instant.MAX);
            return new KeyTiming(publish, activate,
                    times.getOrDefault("Inactive", Instant.MAX),
                    times.getOrDefault("Delete", Instant.MAX));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(pub, ConfigException.NO_LINE, "key timing: " + e.getMessage());
        }
    }

    private static DNSKEYRecord dnskey(Path pub) throws ConfigException {
        try (Master master = new Master(pub.toString())) {
            Record record = master.nextRecord();
            if (record instanceof DNSKEYRecord dnskey && master.nextRecord() == null) {
                return dnskey;
            }
            throw new ConfigException(pub, ConfigException.NO_LINE, "expected exactly one DNSKEY record");
        } catch (IOException e) {
            throw new ConfigException(pub, ConfigException.NO_LINE, "not a DNSKEY record: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path priv, KeyAlgorithm algorithm) throws ConfigException {
        try {
            if (priv.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(priv);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new ConfigException(priv, ConfigException.NO_LINE, "readable by others ("
                            + PosixFilePermissions.toString(permissions) + "); run chmod 600 on it");
                }
            }
            String text = Files.readString(priv, StandardCharsets.US_ASCII);
            int begin = text.indexOf(PEM_BEGIN);
            int end = text.indexOf(PEM_END);
            if (begin < 0 || end < begin) {
                throw new ConfigException(priv, ConfigException.NO_LINE, "expected a PKCS#8 PEM private key");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
            return KeyFactory.getInstance(algorithm.jcaName()).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (NoSuchFileException e) {
            throw new ConfigException(priv, ConfigException.NO_LINE, "missing: every .key file needs its .private");
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(priv, ConfigException.NO_LINE, "not a usable " + algorithm + " private key: "
                    + e.getMessage());
        }
    }
}
