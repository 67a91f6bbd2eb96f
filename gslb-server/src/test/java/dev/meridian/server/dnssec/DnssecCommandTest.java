package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/** {@code gslb-server dnssec keygen} and {@code dnssec ds}, as an operator runs them. */
class DnssecCommandTest {
    private static final Name ZONE = Name.fromConstantString("signed.example.");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(DnssecCommand.class).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void keygenMakesOneCombinedEcdsaKeyByDefault() throws Exception {
        assertEquals(0, run("keygen", "signed.example", "--dir", dir.toString()), err.toString());

        List<ZoneKey> keys = KeyFiles.read(dir).get(ZONE);
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).entryPoint());
        assertEquals(DNSSEC.Algorithm.ECDSAP256SHA256, keys.get(0).dnskey().getAlgorithm());
    }

    @Test
    void keygenWithSplitMakesAKeySigningAndAZoneSigningEd25519Key() throws Exception {
        assertEquals(0, run("keygen", "signed.example.", "--dir", dir.toString(), "--split",
                "--algorithm", "ed25519"), err.toString());

        List<ZoneKey> keys = KeyFiles.read(dir).get(ZONE);
        assertEquals(2, keys.size());
        assertEquals(1, keys.stream().filter(ZoneKey::entryPoint).count());
        assertTrue(keys.stream().allMatch(k -> k.dnskey().getAlgorithm() == DNSSEC.Algorithm.ED25519));
    }

    @Test
    void dsPrintsTheSha256DigestOfTheKeySigningKeyOnly() throws Exception {
        run("keygen", "signed.example.", "--dir", dir.toString(), "--split");
        ZoneKey ksk = KeyFiles.read(dir).get(ZONE).stream().filter(ZoneKey::entryPoint).findFirst().orElseThrow();
        out.getBuffer().setLength(0);

        assertEquals(0, run("ds", "signed.example.", "--dir", dir.toString()), err.toString());

        DSRecord ds = (DSRecord) new Master(new java.io.ByteArrayInputStream(
                out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))).nextRecord();
        DSRecord expected = new DSRecord(ZONE, ksk.dnskey().getDClass(), ksk.dnskey().getTTL(),
                DNSSEC.Digest.SHA256, ksk.dnskey());
        assertEquals(1, out.toString().lines().count(), out.toString());
        assertEquals(ksk.tag(), ds.getFootprint());
        assertEquals(DNSSEC.Digest.SHA256, ds.getDigestID());
        assertArrayEquals(expected.getDigest(), ds.getDigest());
    }

    @Test
    void dsForAZoneWithoutKeysFailsSayingSo() {
        assertEquals(1, run("ds", "unsigned.example.", "--dir", dir.toString()));

        assertTrue(err.toString().contains("no key-signing key for unsigned.example."), err.toString());
    }

    @Test
    void rolloverZskWritesAPrePublishedKeyAndRetiresTheCurrentOne() throws Exception {
        run("keygen", "signed.example.", "--dir", dir.toString(), "--split");
        ZoneKey zsk = KeyFiles.read(dir).get(ZONE).stream().filter(k -> !k.entryPoint()).findFirst().orElseThrow();

        assertEquals(0, run("rollover-zsk", "signed.example.", "--dir", dir.toString(), "--propagation", "PT30M",
                "--max-ttl", "PT6H"), err.toString());

        List<ZoneKey> keys = KeyFiles.read(dir).get(ZONE);
        assertEquals(3, keys.size());
        ZoneKey old = keys.stream().filter(k -> k.tag() == zsk.tag()).findFirst().orElseThrow();
        ZoneKey next = keys.stream().filter(k -> !k.entryPoint() && k.tag() != zsk.tag()).findFirst().orElseThrow();
        assertEquals(next.timing().activate(), old.timing().inactive());
        assertTrue(out.toString().contains("stops signing at " + KeyTiming.text(old.timing().inactive())),
                out.toString());
    }

    @Test
    void rolloverZskRefusesAZoneWithACombinedKey() {
        run("keygen", "signed.example.", "--dir", dir.toString());

        assertEquals(1, run("rollover-zsk", "signed.example.", "--dir", dir.toString()));
        assertTrue(err.toString().contains("a combined key is not rolled by pre-publication"), err.toString());
    }
}
