package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.testing.ServerExtension;
import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** How the server answers from its zones, asked over UDP by dnsjava's resolver against a real socket. */
class AuthoritativeAnswerTest {
    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.testZone();

    @Test
    void answerIsAuthoritativeWithoutRecursionAvailable() throws IOException {
        Message reply = SERVER.server().query("www.gslb.example.", Type.A);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        assertFalse(reply.getHeader().getFlag(Flags.RA));
        assertEquals(List.of("192.0.2.10"), addresses(reply));
    }

    @Test
    void recursionDesiredIsCopied() throws IOException {
        Message withRd = TestServer.newQuery("www.gslb.example.", Type.A);
        Message withoutRd = TestServer.newQuery("www.gslb.example.", Type.A);
        withoutRd.getHeader().unsetFlag(Flags.RD);
        assertTrue(SERVER.server().udp().send(withRd).getHeader().getFlag(Flags.RD));
        assertFalse(SERVER.server().udp().send(withoutRd).getHeader().getFlag(Flags.RD));
    }

    @Test
    void idAndQuestionAreEchoedWithTheirCase() throws IOException {
        Message query = TestServer.newQuery("wWw.GsLb.eXaMpLe.", Type.AAAA);
        query.getHeader().setID(0x5A5A);
        Message reply = SERVER.server().udp().send(query);
        assertEquals(0x5A5A, reply.getHeader().getID());
        assertEquals("wWw.GsLb.eXaMpLe.", reply.getQuestion().getName().toString());
        assertEquals(Type.AAAA, reply.getQuestion().getType());
    }

    @Test
    void nxdomainCarriesSoaWithNegativeTtl() throws IOException {
        Message reply = SERVER.server().query("nope.gslb.example.", Type.A);
        assertEquals(Rcode.NXDOMAIN, reply.getRcode());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        SOARecord soa = onlySoa(reply);
        assertEquals(60, soa.getTTL(), "min(SOA TTL 300, minimum 60)");
    }

    @Test
    void missingTypeIsNodataWithSoa() throws IOException {
        Message reply = SERVER.server().query("mail.gslb.example.", Type.TXT);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(60, onlySoa(reply).getTTL());
    }

    @Test
    void emptyNonTerminalIsNodataNotNxdomain() throws IOException {
        for (String name : List.of("a.b.gslb.example.", "b.gslb.example.")) {
            Message reply = SERVER.server().query(name, Type.A);
            assertEquals(Rcode.NOERROR, reply.getRcode(), name);
            onlySoa(reply);
        }
    }

    @Test
    void cnameChainInsideTheZoneIsFollowed() throws IOException {
        Message reply = SERVER.server().query("api.gslb.example.", Type.A);
        List<Record> answer = reply.getSection(Section.ANSWER);
        assertEquals(List.of(Type.CNAME, Type.CNAME, Type.A), answer.stream().map(Record::getType).toList());
        assertEquals(List.of("192.0.2.10"), addresses(reply));
    }

    @Test
    void cnameToAMissingNameIsNxdomainWithTheChain() throws IOException {
        Message reply = SERVER.server().query("gone.gslb.example.", Type.A);
        assertEquals(Rcode.NXDOMAIN, reply.getRcode());
        assertEquals(Type.CNAME, reply.getSection(Section.ANSWER).get(0).getType());
        onlySoa(reply);
    }

    @Test
    void cnameLeavingTheZoneIsAnsweredAlone() throws IOException {
        Message reply = SERVER.server().query("out.gslb.example.", Type.A);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(List.of(Type.CNAME), reply.getSection(Section.ANSWER).stream().map(Record::getType).toList());
        assertEquals(0, reply.getSection(Section.AUTHORITY).size());
    }

    @Test
    void cnameLoopEndsWithinTheChainLimit() throws IOException {
        Message reply = SERVER.server().query("loop1.gslb.example.", Type.A);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        int cnames = reply.getSection(Section.ANSWER).size();
        assertTrue(cnames >= 2 && cnames <= 8, "answer has " + cnames + " CNAMEs");
    }

    @Test
    void cnameQueryGetsTheCnameItself() throws IOException {
        Message reply = SERVER.server().query("api.gslb.example.", Type.CNAME);
        assertEquals(1, reply.getSection(Section.ANSWER).size());
        assertEquals(Type.CNAME, reply.getSection(Section.ANSWER).get(0).getType());
    }

    @Test
    void wildcardSynthesizesTheQueryName() throws IOException {
        Message reply = SERVER.server().query("x.y.wild.gslb.example.", Type.A);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        Record a = reply.getSection(Section.ANSWER).get(0);
        assertEquals(Name.fromString("x.y.wild.gslb.example."), a.getName());
        assertEquals(List.of("192.0.2.99"), addresses(reply));
    }

    @Test
    void wildcardWithoutTheTypeIsNodata() throws IOException {
        Message reply = SERVER.server().query("x.wild.gslb.example.", Type.MX);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        onlySoa(reply);
    }

    @Test
    void wildcardDoesNotApplyBelowAnExistingName() throws IOException {
        // RFC 4592: the closest encloser of x.host.wild is host.wild, which has no wildcard child.
        assertEquals(Rcode.NXDOMAIN, SERVER.server().query("x.host.wild.gslb.example.", Type.A).getRcode());
        assertEquals(List.of("192.0.2.98"), addresses(SERVER.server().query("host.wild.gslb.example.", Type.A)));
    }

    @Test
    void wildcardCnameIsFollowed() throws IOException {
        Message reply = SERVER.server().query("anything.cw.gslb.example.", Type.A);
        assertEquals(Name.fromString("anything.cw.gslb.example."), reply.getSection(Section.ANSWER).get(0).getName());
        assertEquals(List.of("192.0.2.10"), addresses(reply));
    }

    @Test
    void delegationGivesReferralWithGlue() throws IOException {
        Message reply = SERVER.server().query("host.sub.gslb.example.", Type.A);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertFalse(reply.getHeader().getFlag(Flags.AA));
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(2, reply.getSection(Section.AUTHORITY).size());
        assertTrue(reply.getSection(Section.AUTHORITY).stream().allMatch(r -> r.getType() == Type.NS));
        assertEquals(List.of("ns.sub.gslb.example./A"), names(reply.getSection(Section.ADDITIONAL)));
    }

    @Test
    void dsAtTheCutIsAnsweredByTheParent() throws IOException {
        Message reply = SERVER.server().query("sub.gslb.example.", Type.DS);
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        onlySoa(reply);
    }

    @Test
    void mxTargetsGetAddressesInAdditional() throws IOException {
        Message reply = SERVER.server().query("gslb.example.", Type.MX);
        assertEquals(List.of("mail.gslb.example./A", "mail.gslb.example./AAAA"),
                names(reply.getSection(Section.ADDITIONAL)));
    }

    @Test
    void srvTargetsGetAddressesInAdditional() throws IOException {
        Message reply = SERVER.server().query("_sip._udp.gslb.example.", Type.SRV);
        assertEquals(List.of("sip.gslb.example./A"), names(reply.getSection(Section.ADDITIONAL)));
    }

    @Test
    void nsTargetsInTheZoneGetAddressesInAdditional() throws IOException {
        Message reply = SERVER.server().query("gslb.example.", Type.NS);
        assertEquals(2, reply.getSection(Section.ANSWER).size());
        assertEquals(List.of("ns1.gslb.example./A", "ns1.gslb.example./AAAA"),
                names(reply.getSection(Section.ADDITIONAL)));
    }

    @Test
    void nameOutsideEveryZoneIsRefused() throws IOException {
        Message reply = SERVER.server().query("www.example.com.", Type.A);
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertFalse(reply.getHeader().getFlag(Flags.AA));
    }

    @Test
    void otherClassesAreRefused() throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("www.gslb.example."), Type.A, DClass.CH));
        assertEquals(Rcode.REFUSED, SERVER.server().udp().send(query).getRcode());
    }

    @Test
    void anyGetsOneRrset() throws IOException {
        Message reply = SERVER.server().query("www.gslb.example.", Type.ANY);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, reply.getSectionRRsets(Section.ANSWER).size());
    }

    @Test
    void zoneTransferIsRefusedOverTcpAndNotImplementedOverUdp() throws IOException {
        assertEquals(Rcode.NOTIMP, SERVER.server().exchangeRaw(TestServer.newQuery("gslb.example.", Type.AXFR)).getRcode());
        assertEquals(Rcode.REFUSED, SERVER.server().exchangeTcp(TestServer.newQuery("gslb.example.", Type.AXFR)).getRcode());
    }

    @Test
    void unknownOpcodeIsNotImplemented() throws IOException {
        Message notify = TestServer.newQuery("gslb.example.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message reply = SERVER.server().exchangeRaw(notify);
        assertEquals(Rcode.NOTIMP, reply.getRcode());
        assertEquals(Opcode.NOTIFY, reply.getHeader().getOpcode());
        assertTrue(reply.getHeader().getFlag(Flags.QR));
        assertEquals(notify.getHeader().getID(), reply.getHeader().getID());
    }

    private static SOARecord onlySoa(Message reply) {
        List<Record> authority = reply.getSection(Section.AUTHORITY);
        assertEquals(1, authority.size(), "authority: " + authority);
        return (SOARecord) authority.get(0);
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.A || r.getType() == Type.AAAA)
                .map(Record::rdataToString).toList();
    }

    private static List<String> names(List<Record> records) {
        return records.stream().filter(r -> r.getType() != Type.OPT)
                .map(r -> r.getName() + "/" + Type.string(r.getType())).toList();
    }
}
