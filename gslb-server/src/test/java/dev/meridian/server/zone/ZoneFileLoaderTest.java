package dev.meridian.server.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.config.PolicyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Loading zone files: where the origin comes from, and one clear message for each kind of broken file. */
class ZoneFileLoaderTest {
    private static final String APEX = """
            @    IN SOA ns1 hostmaster 1 3600 900 1209600 60
            @    IN NS  ns1
            ns1  IN A   192.0.2.53
            """;

    private static final String POLICY = """
            regions:
              eu:
                endpoints:
                  lb: {addresses: [192.0.2.20]}
            """;

    @TempDir
    Path dir;

    @Test
    void originComesFromTheFileName() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        assertEquals(Name.fromString("shop.example."), ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).zones().iterator().next().origin());
    }

    @Test
    void originDirectiveWinsOverTheFileName() throws Exception {
        write("main.zone", "$ORIGIN other.example.\n$TTL 60\n" + APEX);
        assertEquals(Name.fromString("other.example."), ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).zones().iterator().next().origin());
    }

    @Test
    void filesNotEndingInDotZoneAreIgnored() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        write("notes.txt", "not a zone\n");
        assertEquals(1, ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).size());
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN A 192.0.2.300\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void recordCutShortAtTheEndOfItsLineNamesThatLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "broken IN A\nwww IN A 192.0.2.1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void recordCutShortOnTheLastLineNamesThatLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "mx IN MX 10\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void unknownTypeNamesFileAndLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN BOGUS 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void missingSoaIsRejected() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n@ IN NS ns1\nns1 IN A 192.0.2.53\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("SOA"), e.getMessage());
    }

    @Test
    void missingApexNsIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("NS"), e.getMessage());
    }

    @Test
    void recordAfterAMultiLineSoaNamesItsOwnLine() throws Exception {
        Path file = write("shop.example.zone", """
                $TTL 60
                @ IN SOA ns1 hostmaster (
                        1     ; serial
                        3600  ; refresh
                        900 1209600 60 )
                @    IN NS  ns1
                ns1  IN A   192.0.2.53
                www.other.example. IN A 192.0.2.1
                """);
        assertFails(file, 8, "is outside the zone shop.example.");
    }

    @Test
    void errorInsideParenthesesNamesTheLineWhereItIs() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n@ IN SOA ns1 hostmaster (\n 1 3600\n 900 x 60 )\n");
        assertFails(file, 4, "expected");
    }

    @Test
    void windowsLineEndsCountLikeAnyOther() throws Exception {
        Path file = write("shop.example.zone", ("$TTL 60\n" + APEX + "www.other.example. IN A 192.0.2.1\n")
                .replace("\n", "\r\n"));
        assertFails(file, 5, "is outside the zone shop.example.");
    }

    @Test
    void unknownTypeIsSaidInWords() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN BOGUS 1\n");
        assertFails(file, 5, "unknown record type 'BOGUS'");
    }

    @Test
    void generateMakesItsRecords() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX + "$GENERATE 1-3 host$ A 192.0.2.$\n");
        AuthoritativeZone zone = load().zones().iterator().next();
        ZoneAnswer.Found found = (ZoneAnswer.Found) zone.find(Name.fromString("host3.shop.example."),
                org.xbill.DNS.Type.A);
        assertEquals("192.0.2.3", found.rrset().first().rdataToString());
    }

    @Test
    void generatedRecordThatClashesNamesTheGenerateLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "host2 IN TXT \"x\"\n"
                + "$GENERATE 1-3 host$ CNAME ns1\n");
        assertFails(file, 6, "host2.shop.example. has a CNAME and other data (line 5)");
    }

    @Test
    void generateOfAnUnsupportedTypeNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "$GENERATE 1-3 host$ MX 10 mail$\n");
        assertFails(file, 5, "$GENERATE makes A, AAAA, CNAME, DNAME, NS and PTR records only, not MX");
    }

    @Test
    void soaWithoutATtlTakesItsMinimum() throws Exception {
        write("shop.example.zone", APEX);
        AuthoritativeZone zone = load().zones().iterator().next();
        assertEquals(60, zone.soa().getTTL());
    }

    @Test
    void recordOutsideTheZoneNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www.other.example. IN A 192.0.2.1\n");
        assertFails(file, 5, "is outside the zone shop.example.");
    }

    @Test
    void cnameWithOtherDataNamesTheLaterLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN CNAME ns1\n\nwww IN TXT \"x\"\n");
        assertFails(file, 7, "www.shop.example. has a CNAME on line 5 and other data; a CNAME must stand alone");
    }

    @Test
    void cnameAfterOtherDataNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN TXT \"x\"\nwww IN CNAME ns1\n");
        assertFails(file, 6, "www.shop.example. has a CNAME and other data (line 5); a CNAME must stand alone");
    }

    @Test
    void secondCnameNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN CNAME ns1\nwww IN CNAME ns2\n");
        assertFails(file, 6, "www.shop.example. has a second CNAME; the first is on line 5");
    }

    @Test
    void cnameAtTheApexNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "@ IN CNAME other.example.\n");
        assertFails(file, 5, "a CNAME cannot be at the zone apex shop.example.");
    }

    @Test
    void secondSoaNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "@ IN SOA ns1 hostmaster 2 3600 900 1209600 60\n");
        assertFails(file, 5, "a second SOA; the zone's SOA is on line 2 of " + file);
    }

    @Test
    void soaOffTheApexNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "sub IN SOA ns1 hostmaster 2 3600 900 1209600 60\n");
        assertFails(file, 5, "is not at the zone apex shop.example.");
    }

    @Test
    void recordOfAnotherClassNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "txt CH TXT \"x\"\n");
        assertFails(file, 5, "is of class CH; a zone holds class IN only");
    }

    @Test
    void missingIncludeFileNamesTheIncludeLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "$INCLUDE more.records\n");
        assertFails(file, 5, "$INCLUDE file " + dir.resolve("more.records") + " does not exist");
    }

    @Test
    void includedFileIsReadFromTheZoneDirectoryAndItsErrorsNameIt() throws Exception {
        Path more = write("more.records", "; extra names\nwww IN A 192.0.2.1\nwww IN CNAME ns1\n");
        write("shop.example.zone", "$TTL 60\n" + APEX + "$INCLUDE more.records\n");
        assertFails(more, 3, "www.shop.example. has a CNAME and other data (line 2)");
    }

    @Test
    void includedRecordsAreServed() throws Exception {
        write("more.records", "www IN A 192.0.2.1\n");
        write("shop.example.zone", "$TTL 60\n" + APEX + "$INCLUDE more.records\n");
        AuthoritativeZone zone = ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex()))
                .zones().iterator().next();
        assertTrue(zone.find(Name.fromString("www.shop.example."), org.xbill.DNS.Type.A) instanceof ZoneAnswer.Found);
    }

    @Test
    void includeOfItselfStops() throws Exception {
        write("loop.records", "$INCLUDE loop.records\n");
        write("shop.example.zone", "$TTL 60\n" + APEX + "$INCLUDE loop.records\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load());
        assertTrue(e.getMessage().contains("does a file include itself?"), e.getMessage());
    }

    @Test
    void ttlOfTwoToTheThirtyFirstIsAnErrorNotClamped() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www 2147483648 IN A 192.0.2.1\n");
        assertFails(file, 5, "TTL 2147483648 is too large: a TTL is at most 2147483647 seconds (RFC 2181 section 8)");
    }

    @Test
    void ttlBeyondThirtyTwoBitsIsATtlErrorNotAnInvalidType() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www 4294967296 IN A 192.0.2.1\n");
        assertFails(file, 5, "TTL 4294967296 is too large");
    }

    @Test
    void defaultTtlTooLargeNamesItsLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 3000000000\n" + APEX);
        assertFails(file, 1, "TTL 3000000000 is too large");
    }

    @Test
    void largestTtlIsAccepted() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX + "www 2147483647 IN A 192.0.2.1\n");
        AuthoritativeZone zone = load().zones().iterator().next();
        ZoneAnswer.Found found = (ZoneAnswer.Found) zone.find(Name.fromString("www.shop.example."),
                org.xbill.DNS.Type.A);
        assertEquals(2147483647L, found.rrset().getTTL());
    }

    @Test
    void gslbNameWithZoneRecordsNamesBothLines() throws Exception {
        Path zone = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN A 192.0.2.1\n");
        Path policy = write("shop.example.policy.yaml", POLICY + "names:\n  api: {policy: failover}\n"
                + "  www: {policy: failover}\n");
        assertFails(policy, 7, "GSLB name www.shop.example. also has records in the zone file; a name is answered "
                + "either by policy or by zone data (" + zone + ":5)");
    }

    @Test
    void aProblemInTheZoneFileIsReportedBeforeOneInItsPolicyFile() throws Exception {
        Path zone = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN A 192.0.2.300\n");
        write("shop.example.policy.yaml", POLICY + "names:\n  api: {policy: nonesuch}\n");
        assertFails(zone, 5, "192.0.2.300");
    }

    @Test
    void aProblemInThePolicyFileOfAGoodZoneIsReported() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        Path policy = write("shop.example.policy.yaml", POLICY + "names:\n  api: {policy: nonesuch}\n");
        assertFails(policy, 6, "nonesuch");
    }

    @Test
    void gslbNameBelowADelegationNamesItsLine() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX + "sub IN NS ns.other.example.\n");
        Path policy = write("shop.example.policy.yaml", POLICY + "names:\n  www.sub: {policy: failover}\n");
        assertFails(policy, 6, "GSLB name www.sub.shop.example. is below the delegation sub.shop.example.");
    }

    @Test
    void gslbNameDefinedTwiceInOtherCaseNamesTheSecondLine() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        Path policy = write("shop.example.policy.yaml", POLICY + "names:\n  www: {policy: failover}\n"
                + "  WWW: {policy: failover}\n");
        assertFails(policy, 7, "GSLB name WWW.shop.example. is defined twice; first on line 6");
    }

    @Test
    void gslbNameDefinedTwiceWithAndWithoutTheOriginNamesTheSecondLine() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        Path policy = write("shop.example.policy.yaml", POLICY + "names:\n  www: {policy: failover}\n"
                + "  www.shop.example.: {policy: failover}\n");
        assertFails(policy, 7, "GSLB name www.shop.example. is defined twice; first on line 6");
    }

    @Test
    void sameZoneTwiceIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        write("copy.zone", "$ORIGIN shop.example.\n$TTL 60\n" + APEX);
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("already loaded"), e.getMessage());
    }

    @Test
    void emptyDirectoryIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("no *.zone files"), e.getMessage());
    }

    @Test
    void exampleZoneOfTheRepositoryLoads() throws Exception {
        assertEquals(Name.fromString("gslb.example."),
                ZoneFileLoader.loadFile(Path.of("../zones/gslb.example.zone"), new PolicyFiles(new EndpointIndex())).origin());
    }

    private ZoneSet load() throws ConfigException {
        return ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex()));
    }

    private void assertFails(Path file, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class, this::load);
        String where = file + ":" + line + ": ";
        assertTrue(e.getMessage().startsWith(where) && e.getMessage().contains(problem),
                "expected " + where + "..." + problem + ", got " + e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
