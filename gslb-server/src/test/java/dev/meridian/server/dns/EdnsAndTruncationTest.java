package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.testing.ServerExtension;
import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** EDNS(0) handling and reply sizes: OPT, BADVERS, NSID, and truncation with TC over UDP. */
class EdnsAndTruncationTest {
    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.testZone();

    @Test
    void optIsEchoedWithOurPayloadSize() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("www.gslb.example.", Type.A, 4096, 0));
        OPTRecord opt = reply.getOPT();
        assertNotNull(opt);
        assertEquals(1232, opt.getPayloadSize());
        assertEquals(0, opt.getVersion());
    }

    @Test
    void noOptWithoutEdns() throws IOException {
        assertNull(SERVER.server().query("www.gslb.example.", Type.A).getOPT());
    }

    @Test
    void ednsVersionAboveZeroGetsBadvers() throws IOException {
        Message reply = SERVER.server().exchangeRaw(withOpt("www.gslb.example.", Type.A, 1232, 1));
        assertEquals(Rcode.BADVERS, reply.getRcode());
        assertNotNull(reply.getOPT());
        assertEquals(0, reply.getOPT().getVersion());
        assertEquals(0, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void nsidRequestGetsTheServerIdentity() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("www.gslb.example.", Type.A, 1232, 0,
                new NSIDOption(new byte[0])));
        List<EDNSOption> nsid = reply.getOPT().getOptions(EDNSOption.Code.NSID);
        assertEquals(1, nsid.size());
        assertArrayEquals(TestServer.IDENTITY.getBytes(StandardCharsets.US_ASCII),
                optionData(nsid.get(0)));
    }

    @Test
    void nsidIsSentOnlyWhenAsked() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("www.gslb.example.", Type.A, 1232, 0));
        assertTrue(reply.getOPT().getOptions(EDNSOption.Code.NSID).isEmpty());
    }

    @Test
    void udpWithoutEdnsIsCutAt512WithTc() throws IOException {
        Message query = TestServer.newQuery("big.gslb.example.", Type.TXT);
        Message reply = SERVER.server().udp().send(query);
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertTrue(reply.toWire().length <= 512);
    }

    @Test
    void ednsBufferOf512IsHonoured() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("big.gslb.example.", Type.TXT, 512, 0));
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(0, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void ednsBufferBelow512CountsAs512() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("www.gslb.example.", Type.A, 100, 0));
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(1, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void answerWithinTheRequestersBufferIsWhole() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("big.gslb.example.", Type.TXT, 4096, 0));
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(1, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void udpRepliesNeverExceed1232Bytes() throws IOException {
        Message query = withOpt("huge.gslb.example.", Type.TXT, 4096, 0);
        Message reply = SERVER.server().udp().send(query);
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(0, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void anRrsetIsNeverCutInPart() throws IOException {
        Message reply = SERVER.server().query("many.gslb.example.", Type.A);
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(40, SERVER.server().tcp().send(TestServer.newQuery("many.gslb.example.", Type.A))
                .getSection(Section.ANSWER).size());
    }

    @Test
    void tcpGetsTheFullAnswer() throws IOException {
        Message reply = SERVER.server().tcp().send(TestServer.newQuery("huge.gslb.example.", Type.TXT));
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(1, reply.getSection(Section.ANSWER).size());
        assertTrue(reply.toWire().length > 1232);
    }

    /** An option's value: its wire form less the code and length. */
    private static byte[] optionData(EDNSOption option) {
        byte[] wire = option.toWire();
        return Arrays.copyOfRange(wire, 4, wire.length);
    }

    private static Message withOpt(String name, int type, int payload, int version, EDNSOption... options)
            throws IOException {
        Message query = TestServer.newQuery(name, type);
        query.addRecord(new OPTRecord(payload, 0, version, 0, options), Section.ADDITIONAL);
        return query;
    }
}
