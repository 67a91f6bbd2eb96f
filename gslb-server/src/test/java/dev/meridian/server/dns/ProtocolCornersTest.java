package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Where NSD and Knot agree on an answer, we give the same: each corner a wire test. */
class ProtocolCornersTest {
    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Message withEdns(Message query, int flags) {
        query.addRecord(new OPTRecord(1232, 0, 0, flags), Section.ADDITIONAL);
        return query;
    }

    private static int ede(Message reply) {
        List<EDNSOption> options = reply.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
        return options.isEmpty() ? -1 : ((ExtendedErrorCodeOption) options.get(0)).getErrorCode();
    }

    @Test
    void theDoBitIsCopiedIntoTheReply() throws IOException {
        Message reply = server.exchangeRaw(withEdns(TestServer.newQuery("www.gslb.example.", Type.A),
                ExtendedFlags.DO));
        assertEquals(ExtendedFlags.DO, reply.getOPT().getFlags() & ExtendedFlags.DO);
        Message without = server.exchangeRaw(withEdns(TestServer.newQuery("www.gslb.example.", Type.A), 0));
        assertEquals(0, without.getOPT().getFlags() & ExtendedFlags.DO);
    }

    @Test
    void aNameOutsideOurZonesIsRefusedAsNotAuthoritative() throws IOException {
        Message reply = server.exchangeRaw(withEdns(TestServer.newQuery("www.example.org.", Type.A), 0));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertEquals(ExtendedErrorCodeOption.NOT_AUTHORITATIVE, ede(reply));
    }

    @Test
    void aTransferIsRefusedAsProhibited() throws IOException {
        Message reply = server.exchangeTcp(withEdns(TestServer.newQuery("gslb.example.", Type.AXFR), 0));
        assertEquals(Rcode.REFUSED, reply.getRcode());
        assertEquals(ExtendedErrorCodeOption.PROHIBITED, ede(reply));
    }

    @Test
    void aTransferOverUdpIsNotImplemented() throws IOException {
        Message reply = server.exchangeRaw(withEdns(TestServer.newQuery("gslb.example.", Type.AXFR), 0));
        assertEquals(Rcode.NOTIMP, reply.getRcode());
        assertEquals(0, reply.getSection(Section.ANSWER).size());
    }

    @Test
    void anOversizedUdpQueryIsAnswered() throws IOException {
        // EDNS padding (RFC 7830) makes a well-formed 4 kB query, far beyond the 1232-byte replies we send.
        Message query = TestServer.newQuery("www.gslb.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new org.xbill.DNS.GenericEDNSOption(
                EDNSOption.Code.PADDING, new byte[4000]))), Section.ADDITIONAL);
        Message reply = server.exchangeRaw(query);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, reply.getSection(Section.ANSWER).size());
        assertTrue(reply.toWire().length <= 1232);
    }

    @Test
    void aWellFormedIxfrIsRefusedNotFormErr() throws IOException {
        Message ixfr = TestServer.newQuery("gslb.example.", Type.IXFR);
        ixfr.addRecord(new SOARecord(Name.fromString("gslb.example."), DClass.IN, 0,
                Name.fromString("ns1.gslb.example."), Name.fromString("hostmaster.gslb.example."), 1, 0, 0, 0, 0),
                Section.AUTHORITY);
        assertEquals(Rcode.REFUSED, server.exchangeRaw(ixfr).getRcode());
    }

    @Test
    void anAuthorityRecordInAnyOtherQueryIsFormErr() throws IOException {
        Message query = TestServer.newQuery("gslb.example.", Type.A);
        query.addRecord(new SOARecord(Name.fromString("gslb.example."), DClass.IN, 0,
                Name.fromString("ns1.gslb.example."), Name.fromString("hostmaster.gslb.example."), 1, 0, 0, 0, 0),
                Section.AUTHORITY);
        assertEquals(Rcode.FORMERR, server.exchangeRaw(query).getRcode());
    }

    @Test
    void classAnyIsAnsweredFromTheZone() throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("www.gslb.example."), Type.A, DClass.ANY));
        Message reply = server.exchangeRaw(query);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, reply.getSection(Section.ANSWER).size());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"OPT", "TSIG", "TKEY", "MAILA", "MAILB"})
    void aMetaTypeGetsNoData(String type) throws IOException {
        Message reply = server.exchangeRaw(TestServer.newQuery("www.gslb.example.", Type.value(type)));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(Type.SOA, reply.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void versionBindIsRefused() throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertEquals(Rcode.REFUSED, server.exchangeRaw(query).getRcode());
    }
}
