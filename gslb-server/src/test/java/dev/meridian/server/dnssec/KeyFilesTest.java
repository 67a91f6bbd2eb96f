package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/** Zone keys written by {@code dnssec keygen} and read back by the server. */
class KeyFilesTest {
    private static final Name ZONE = Name.fromConstantString("signed.example.");

    @TempDir
    Path dir;

    @Test
    void keyFilesAreReadableByTheirOwnerOnly() throws Exception {
        Path pub = KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        Path priv = Path.of(pub.toString().replace(".key", ".private"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    }

    @Test
    void filesAreNamedAsBindNamesThem() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);

        Path pub = KeyFiles.write(dir, key);

        assertEquals(String.format("Ksigned.example.+013+%05d.key", key.tag()), pub.getFileName().toString());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aKeyReadBackSignsWhatItsDnskeyVerifies(KeyAlgorithm algorithm) throws Exception {
        ZoneKey written = ZoneKey.generate(ZONE, algorithm, true, 3600);
        KeyFiles.write(dir, written);

        ZoneKey read = KeyFiles.read(dir).get(ZONE).get(0);
        RRset rrset = new RRset(new ARecord(new Name("www", ZONE), DClass.IN, 300,
                java.net.InetAddress.getByName("192.0.2.1")));
        Instant now = Instant.now();
        RRSIGRecord sig = DNSSEC.sign(rrset, read.dnskey(), read.privateKey(), now, now.plusSeconds(3600));

        assertEquals(written.dnskey(), read.dnskey());
        assertEquals(algorithm.number(), read.dnskey().getAlgorithm());
        DNSSEC.verify(rrset, sig, written.dnskey(), now);
    }

    @Test
    void keysAreGroupedByZone() throws Exception {
        Name other = Name.fromConstantString("other.example.");
        KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600));
        KeyFiles.write(dir, ZoneKey.generate(other, KeyAlgorithm.ED25519, true, 3600));

        var keys = KeyFiles.read(dir);

        assertEquals(List.of(other, ZONE), List.copyOf(keys.keySet()));
        assertEquals(2, keys.get(ZONE).size());
        assertEquals(1, keys.get(other).size());
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused() throws Exception {
        Path pub = KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        Path priv = Path.of(pub.toString().replace(".key", ".private"));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));

        ConfigException e = assertThrows(ConfigException.class, () -> KeyFiles.read(dir));

        assertTrue(e.getMessage().contains(priv.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void aPublicKeyWithoutItsPrivateKeyIsAnErrorNamingTheMissingFile() throws Exception {
        Path pub = KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        Path priv = Path.of(pub.toString().replace(".key", ".private"));
        Files.delete(priv);

        ConfigException e = assertThrows(ConfigException.class, () -> KeyFiles.read(dir));

        assertTrue(e.getMessage().contains(priv.toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void anExistingKeyIsNeverOverwritten() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        KeyFiles.write(dir, key);

        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.write(dir, key));
    }

    @Test
    void keyTimingIsWrittenAndReadAsBindWritesIt() throws Exception {
        KeyTiming timing = new KeyTiming(Instant.parse("2026-12-03T12:00:00Z"), Instant.parse("2026-12-03T14:00:00Z"),
                Instant.parse("2026-12-10T00:00:00Z"), Instant.parse("2026-12-11T01:00:00Z"));
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600).withTiming(timing);
        Path pub = KeyFiles.write(dir, key);

        assertTrue(Files.readString(pub).contains("; Publish: 20261203120000\n; Activate: 20261203140000\n"));
        assertEquals(timing, KeyFiles.read(dir).get(ZONE).get(0).timing());
    }

    @Test
    void aKeyFileWithoutTimingIsPublishedAndSigningForEver() throws Exception {
        KeyFiles.write(dir, ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, true, 3600));

        assertEquals(KeyTiming.ALWAYS, KeyFiles.read(dir).get(ZONE).get(0).timing());
    }

    @Test
    void aKeyPublishedWithoutAnActivationTimeNeverSigns() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        Path pub = KeyFiles.write(dir, key);
        Files.writeString(pub, "; Publish: 20261203120000\n" + key.dnskey() + "\n");

        KeyTiming timing = KeyFiles.read(dir).get(ZONE).get(0).timing();
        assertTrue(timing.publishedAt(Instant.parse("2026-12-04T00:00:00Z")));
        assertTrue(!timing.activeAt(Instant.parse("2027-12-04T00:00:00Z")));
    }

    @Test
    void aMalformedTimeIsAnErrorNamingTheFileAndLine() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        Path pub = KeyFiles.write(dir, key);
        Files.writeString(pub, "; zone-signing key\n; Activate: 2026-12-03\n" + key.dnskey() + "\n");

        ConfigException e = assertThrows(ConfigException.class, () -> KeyFiles.read(dir));
        assertTrue(e.getMessage().contains(pub.toString()) && e.getMessage().contains(":2")
                && e.getMessage().contains("Activate: not a time as YYYYMMDDHHMMSS"), e.getMessage());
    }

    @Test
    void retimingAKeyRewritesItsTimingOnly() throws Exception {
        ZoneKey key = ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        KeyFiles.write(dir, key);
        KeyTiming retired = KeyTiming.ALWAYS.retire(Instant.parse("2026-12-10T00:00:00Z"),
                Instant.parse("2026-12-11T00:00:00Z"));

        KeyFiles.retime(dir, key.withTiming(retired));

        ZoneKey read = KeyFiles.read(dir).get(ZONE).get(0);
        assertEquals(retired, read.timing());
        assertEquals(key.dnskey(), read.dnskey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("Ksigned.example.+013+" + String.format("%05d", key.tag()) + ".key"))));
    }
}
