package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.testing.ServerExtension;
import dev.meridian.server.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * GSLB answers over a real socket, from the repository's example zone, policy and demo database: the region each
 * client subnet gets, and the ECS scope that comes back with it.
 */
class GslbAnswerTest {
    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.repositoryExample();

    @ParameterizedTest(name = "{0}/{1} gets {2} with scope {3}")
    @CsvSource({
            "192.0.2.0,25,192.0.2.20,25",          // London: eu-west
            "192.0.2.0,24,192.0.2.20,25",          // a source too coarse to decide: the scope says which half holds
            "198.51.100.0,24,198.51.100.20,24",    // Virginia: us-east
            "203.0.113.0,24,203.0.113.20,24",      // Seattle: us-west
            "203.0.113.77,32,203.0.113.20,24",     // a single address: scope is the database network
            "192.0.2.128,26,203.0.113.20,26",      // Tokyo: nearest is us-west
            "2001:db8:e000::,48,192.0.2.20,40",    // Frankfurt over IPv6: eu-west
            "2001:db8:b000::,56,203.0.113.20,40"}) // Seattle over IPv6: us-west
    void clientSubnetChoosesTheRegion(String address, int source, String expected, int scope) throws IOException {
        Message reply = ask("www.gslb.example.", Type.A, address, source);
        assertEquals(List.of(expected), addresses(reply));
        assertEquals(scope, ecs(reply).getScopePrefixLength());
        assertEquals(source, ecs(reply).getSourcePrefixLength());
        assertTrue(reply.getHeader().getFlag(Flags.AA));
        assertEquals(30, reply.getSection(Section.ANSWER).get(0).getTTL());
    }

    @Test
    void cidrOverrideWinsOverTheDatabase() throws IOException {
        Message reply = ask("www.gslb.example.", Type.A, "192.0.2.192", 26);
        assertEquals(List.of("203.0.113.20"), addresses(reply));
        assertEquals(26, ecs(reply).getScopePrefixLength());
    }

    @Test
    void unknownLocationGetsTheFirstRegion() throws IOException {
        assertEquals(List.of("192.0.2.20"), addresses(ask("www.gslb.example.", Type.A, "100.64.0.0", 24)));
    }

    @Test
    void withoutEcsTheSourceAddressDecidesAndNoOptionComesBack() throws IOException {
        Message reply = SERVER.server().udp().send(withOpt("www.gslb.example.", Type.A));
        assertEquals(List.of("192.0.2.20"), addresses(reply), "127.0.0.1 is in no demo network");
        assertTrue(reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty());
    }

    @Test
    void aaaaComesFromTheNearestRegionWithIpv6() throws IOException {
        Message reply = ask("www.gslb.example.", Type.AAAA, "203.0.113.0", 24);
        assertEquals(List.of("2001:db8:a:0:0:0:0:20"), addresses(reply));
    }

    @Test
    void answersThatDoNotDependOnTheClientHaveScopeZero() throws IOException {
        assertEquals(0, ecs(ask("status.gslb.example.", Type.A, "203.0.113.0", 24)).getScopePrefixLength());
        assertEquals(0, ecs(ask("mail.gslb.example.", Type.A, "203.0.113.0", 24)).getScopePrefixLength());
    }

    @Test
    void cnameChainEndsInAGslbAnswer() throws IOException {
        Message reply = ask("api.gslb.example.", Type.A, "203.0.113.0", 24);
        assertEquals(List.of("203.0.113.20"), addresses(reply));
        assertEquals(3, reply.getSection(Section.ANSWER).size());
        assertEquals(24, ecs(reply).getScopePrefixLength());
    }

    @Test
    void sourcePrefixZeroUsesTheResolverAndScopeZero() throws IOException {
        Message reply = ask("www.gslb.example.", Type.A, "0.0.0.0", 0);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(0, ecs(reply).getScopePrefixLength());
    }

    @Test
    void ecsWithAScopeInTheQueryIsFormerr() throws IOException {
        Message query = TestServer.newQuery("www.gslb.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                new ClientSubnetOption(24, 16, InetAddress.getByName("203.0.113.0"))), Section.ADDITIONAL);
        assertEquals(Rcode.FORMERR, SERVER.server().exchangeRaw(query).getRcode());
    }

    @Test
    void ecsWithBitsPastThePrefixIsFormerr() throws IOException {
        // family 1, source /8, scope 0, address bytes 10.1: the second byte lies past the prefix
        byte[] option = {0, 8, 0, 6, 0, 1, 8, 0, 10, 1};
        assertEquals(Rcode.FORMERR, rawEcs(option));
    }

    @Test
    void ecsWithAnUnknownFamilyIsFormerr() throws IOException {
        byte[] option = {0, 8, 0, 5, 0, 3, 8, 0, 10};
        assertEquals(Rcode.FORMERR, rawEcs(option));
    }

    @Test
    void ecsPrefixLongerThanTheAddressIsFormerr() throws IOException {
        byte[] option = {0, 8, 0, 9, 0, 1, 33, 0, 10, 1, 2, 3, 4};
        assertEquals(Rcode.FORMERR, rawEcs(option));
    }

    private static int rawEcs(byte[] option) throws IOException {
        byte[] query = TestServer.newQuery("www.gslb.example.", Type.A).toWire();
        byte[] packet = new byte[query.length + 11 + option.length];
        System.arraycopy(query, 0, packet, 0, query.length);
        packet[11] = 1; // ARCOUNT
        int at = query.length;
        packet[at] = 0; // root owner
        packet[at + 2] = 41; // TYPE OPT
        packet[at + 3] = 0x04; // payload 1232
        packet[at + 4] = (byte) 0xD0;
        packet[at + 10] = (byte) option.length;
        System.arraycopy(option, 0, packet, at + 11, option.length);
        return SERVER.server().exchangeRawBytes(packet)[3] & 0x0F;
    }

    private static Message ask(String name, int type, String address, int source) throws IOException {
        Message query = TestServer.newQuery(name, type);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                new ClientSubnetOption(source, InetAddress.getByName(address))), Section.ADDITIONAL);
        return SERVER.server().udp().send(query);
    }

    private static Message withOpt(String name, int type) throws IOException {
        Message query = TestServer.newQuery(name, type);
        query.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        return query;
    }

    private static ClientSubnetOption ecs(Message reply) {
        return (ClientSubnetOption) reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.A || r.getType() == Type.AAAA)
                .map(Record::rdataToString).toList();
    }
}
