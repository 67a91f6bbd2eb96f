package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Signed answers from a real server on loopback: what a validating resolver receives. */
class SigningWireTest {
    private static final Name SIGNED = Name.fromConstantString("gslb.example.");

    @TempDir
    Path dir;

    private MeridianServer server;
    private ZoneKey key;

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, TestZones.EXAMPLE_POLICY);
        Files.writeString(zones.resolve("plain.example.zone"), """
                $ORIGIN plain.example.
                $TTL 300
                @    IN SOA ns1 hostmaster 1 3600 900 1209600 60
                @    IN NS  ns1
                ns1  IN A   192.0.2.53
                www  IN A   192.0.2.80
                """);
        key = ZoneKey.generate(SIGNED, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        Path keys = dir.resolve("keys");
        KeyFiles.write(keys, key);
        server = start(zones, DnssecOptions.defaults(keys));
    }

    private MeridianServer start(Path zones, DnssecOptions dnssec) throws Exception {
        return MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "signer", TcpLimits.DEFAULT,
                List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir))
                .withDnssec(dnssec)), false);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Message ask(String name, int type, boolean dnssecOk, String client) throws Exception {
        Message query = TestServer.newQuery(name, type);
        query.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
        List<org.xbill.DNS.EDNSOption> options = client == null ? List.of()
                : List.of(new ClientSubnetOption(24, java.net.InetAddress.getByName(client)));
        query.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
        byte[] wire = query.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(wire, wire.length, server.boundAddresses().get(0)));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            socket.receive(reply);
            return new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    private void assertVerified(RRset set) throws DNSSEC.DNSSECException {
        assertFalse(set.sigs().isEmpty(), "no RRSIG for " + set);
        for (RRSIGRecord sig : set.sigs()) {
            DNSSEC.verify(set, sig, key.dnskey());
        }
    }

    @Test
    void aStaticAnswerCarriesASignatureTheZoneKeyVerifies() throws Exception {
        Message reply = ask("www.gslb.example.", Type.A, true, null);

        List<RRset> answer = reply.getSectionRRsets(Section.ANSWER);
        assertEquals(1, answer.size());
        assertVerified(answer.get(0));
        assertTrue((reply.getOPT().getFlags() & ExtendedFlags.DO) != 0, "DO echoed");
    }

    @Test
    void gslbAnswersForClientsInTwoRegionsAreEachSigned() throws Exception {
        Message eu = ask("geo.gslb.example.", Type.A, true, "192.0.2.0");
        Message us = ask("geo.gslb.example.", Type.A, true, "10.9.1.0");

        assertVerified(eu.getSectionRRsets(Section.ANSWER).get(0));
        assertVerified(us.getSectionRRsets(Section.ANSWER).get(0));
        assertEquals("192.0.2.20", eu.getSectionRRsets(Section.ANSWER).get(0).first().rdataToString());
        assertEquals("198.51.100.20", us.getSectionRRsets(Section.ANSWER).get(0).first().rdataToString());
    }

    @Test
    void withoutTheDoBitNoSignatureIsSent() throws Exception {
        Message reply = ask("www.gslb.example.", Type.A, false, null);

        assertTrue(reply.getSectionRRsets(Section.ANSWER).get(0).sigs().isEmpty());
        assertEquals(0, reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.RRSIG).count());
    }

    @Test
    void theDnskeyRRsetIsServedAtTheApexAndSignedByTheEntryPoint() throws Exception {
        Message reply = ask("gslb.example.", Type.DNSKEY, true, null);

        RRset keys = reply.getSectionRRsets(Section.ANSWER).get(0);
        assertEquals(List.of(key.dnskey()), keys.rrs(false));
        assertVerified(keys);
        assertEquals(key.dnskey(), (DNSKEYRecord) ask("gslb.example.", Type.DNSKEY, false, null)
                .getSection(Section.ANSWER).get(0));
    }

    @Test
    void aNameThatDoesNotExistIsNoerrorWithAnNsecListingNxname() throws Exception {
        Message reply = ask("nowhere.gslb.example.", Type.A, true, null);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        RRset nsec = authority(reply, Type.NSEC);
        NSECRecord record = (NSECRecord) nsec.first();
        assertEquals(Name.fromConstantString("nowhere.gslb.example."), record.getName());
        assertEquals(Name.fromConstantString("\\000.nowhere.gslb.example."), record.getNext());
        assertTrue(record.hasType(Type.NXNAME) && record.hasType(Type.RRSIG) && record.hasType(Type.NSEC));
        assertFalse(record.hasType(Type.A));
        assertEquals(60, record.getTTL());
        assertVerified(nsec);
        assertVerified(authority(reply, Type.SOA));
    }

    @Test
    void aTypeTheNameLacksIsDeniedWithAnNsecListingTheTypesItHas() throws Exception {
        Message reply = ask("mail.gslb.example.", Type.TXT, true, null);

        assertEquals(Rcode.NOERROR, reply.getRcode());
        NSECRecord record = (NSECRecord) authority(reply, Type.NSEC).first();
        assertEquals(List.of(Type.A, Type.AAAA, Type.RRSIG, Type.NSEC),
                Arrays.stream(record.getTypes()).boxed().toList());
        assertVerified(authority(reply, Type.NSEC));
    }

    @Test
    void aDenialAtTheApexListsTheDnskeyRRsetTheZoneServes() throws Exception {
        Message reply = ask("gslb.example.", Type.TXT, true, null);

        NSECRecord record = (NSECRecord) authority(reply, Type.NSEC).first();
        assertTrue(record.hasType(Type.DNSKEY) && record.hasType(Type.SOA) && record.hasType(Type.NS),
                record.toString());
        assertFalse(record.hasType(Type.TXT));
        assertVerified(authority(reply, Type.NSEC));
    }

    @Test
    void withPublishCdsTheApexServesSignedCdsAndCdnskeyOfTheKeySigningKey() throws Exception {
        server.close();
        DnssecOptions d = DnssecOptions.defaults(dir.resolve("keys"));
        server = start(dir.resolve("zones"), new DnssecOptions(d.keyDirectory(), d.validity(), d.refresh(),
                d.inceptionOffset(), d.cacheSize(), d.signingBudget(), true));

        RRset cds = ask("gslb.example.", Type.CDS, true, null).getSectionRRsets(Section.ANSWER).get(0);
        RRset cdnskey = ask("gslb.example.", Type.CDNSKEY, true, null).getSectionRRsets(Section.ANSWER).get(0);
        NSECRecord apex = (NSECRecord) authority(ask("gslb.example.", Type.TXT, true, null), Type.NSEC).first();

        assertEquals(DnssecCommand.ds(key).rdataToString(), cds.first().rdataToString());
        assertEquals(key.dnskey().rdataToString(), cdnskey.first().rdataToString());
        assertVerified(cds);
        assertVerified(cdnskey);
        assertTrue(apex.hasType(Type.CDS) && apex.hasType(Type.CDNSKEY), apex.toString());
    }

    @Test
    void withoutPublishCdsThereIsNoCds() throws Exception {
        Message reply = ask("gslb.example.", Type.CDS, true, null);

        assertTrue(reply.getSection(Section.ANSWER).isEmpty(), reply.toString());
        assertFalse(((NSECRecord) authority(reply, Type.NSEC).first()).hasType(Type.CDS));
    }

    @Test
    void aReferralLeavesTheChildsNsUnsignedAndProvesItHasNoDs() throws Exception {
        Message reply = ask("host.sub.gslb.example.", Type.A, true, null);

        RRset ns = authority(reply, Type.NS);
        NSECRecord nsec = (NSECRecord) authority(reply, Type.NSEC).first();
        assertTrue(ns.sigs().isEmpty());
        assertEquals(Name.fromConstantString("sub.gslb.example."), nsec.getName());
        assertEquals(List.of(Type.NS, Type.RRSIG, Type.NSEC), Arrays.stream(nsec.getTypes()).boxed().toList());
        assertVerified(authority(reply, Type.NSEC));
    }

    @Test
    void anUnsignedZoneIsAnsweredWithoutSignaturesEvenWithTheDoBit() throws Exception {
        Message answer = ask("www.plain.example.", Type.A, true, null);
        Message missing = ask("nowhere.plain.example.", Type.A, true, null);

        assertTrue(answer.getSectionRRsets(Section.ANSWER).get(0).sigs().isEmpty());
        assertEquals(Rcode.NXDOMAIN, missing.getRcode());
        assertEquals(List.of(Type.SOA), missing.getSection(Section.AUTHORITY).stream().map(r -> r.getType()).toList());
    }

    @Test
    void pastTheSigningBudgetUdpAnswersNeedingANewSignatureAreTruncatedAndTcpIsStillSigned() throws Exception {
        server.close();
        DnssecOptions d = DnssecOptions.defaults(dir.resolve("keys"));
        // One nanosecond a second: one new signature, then none until the next second.
        server = start(dir.resolve("zones"), new DnssecOptions(d.keyDirectory(), d.validity(), d.refresh(),
                d.inceptionOffset(), d.cacheSize(), java.time.Duration.ofNanos(1), false));

        long truncated = 0;
        for (int i = 0; i < 6; i++) {
            truncated += ask("new" + i + ".gslb.example.", Type.A, true, null).getHeader()
                    .getFlag(org.xbill.DNS.Flags.TC) ? 1 : 0;
        }
        Message query = TestServer.newQuery("overtcp.gslb.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        org.xbill.DNS.SimpleResolver tcp = new org.xbill.DNS.SimpleResolver(server.boundAddresses().get(0));
        tcp.setTCP(true);
        tcp.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        Message overTcp = tcp.send(query);

        assertTrue(truncated >= 3, truncated + " of 6 truncated");
        assertVerified(authority(overTcp, Type.NSEC));
        assertVerified(ask("www.gslb.example.", Type.A, true, null).getSectionRRsets(Section.ANSWER).get(0));
    }

    private static RRset authority(Message reply, int type) {
        return reply.getSectionRRsets(Section.AUTHORITY).stream().filter(s -> s.getType() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + Type.string(type) + " in " + reply));
    }
}
