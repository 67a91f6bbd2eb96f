package dev.meridian.server.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Specifies how the server treats malformed packets over real UDP: every packet whose header can be read as a query
 * gets FORMERR with its own ID and QR set; responses and packets shorter than a header get no reply at all; and after
 * each of them the server still answers a valid query. Each packet is built byte by byte so the test shows what is
 * wrong with it.
 */
class MalformedPacketTest {
    private static final int ID = 0x4D52;
    /** Offset of the first byte after the header, where the question starts. */
    private static final int QUESTION_START = 12;
    private static final int REPLY_TIMEOUT_MILLIS = 2000;
    private static final int NO_REPLY_MILLIS = 300;

    private static TestServer server;
    private DatagramSocket socket;

    @BeforeAll
    static void startServer(@TempDir Path dir) {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        socket = new DatagramSocket();
        socket.connect(server.address());
    }

    @AfterEach
    void serverStillAnswersAValidQuery() throws IOException {
        try {
            int id = 0x600D;
            Message query = Message.newQuery(Record.newRecord(Name.fromString("www.gslb.example."), Type.A, DClass.IN));
            query.getHeader().setID(id);
            send(query.toWire());
            Message reply = new Message(replyWithId(id));
            assertEquals(Rcode.NOERROR, reply.getRcode(), "rcode of the valid query after the malformed ones");
            assertEquals("192.0.2.10",
                    ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        } finally {
            socket.close();
        }
    }

    @Test
    void truncatedNameGetsFormerr() throws IOException {
        byte[] packet = query().label("www").u8(4).ascii("gs") // label of 4 bytes, only 2 sent; no root, type, class
                .bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void labelLongerThan63BytesGetsFormerr() throws IOException {
        byte[] packet = query().u8(64).ascii("a".repeat(64)) // 64 = 0b01000000: not a length, a reserved label type
                .label("gslb").label("example").root().typeAndClass(Type.A).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void nameLongerThan255BytesGetsFormerr() throws IOException {
        Packet packet = query();
        for (int i = 0; i < 5; i++) {
            packet.label("x".repeat(63)); // 5 x 64 bytes of labels: 320 bytes before the root
        }
        packet.root().typeAndClass(Type.A);

        assertFormerr(ID, exchange(packet.bytes()));
    }

    @Test
    void compressionPointerLoopGetsFormerr() throws IOException {
        byte[] packet = query().label("loop").pointer(QUESTION_START) // "loop", then back to "loop", forever
                .typeAndClass(Type.A).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void compressionPointerToItselfGetsFormerr() throws IOException {
        byte[] packet = query().pointer(QUESTION_START).typeAndClass(Type.A).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void forwardCompressionPointerGetsFormerr() throws IOException {
        int afterQuestion = QUESTION_START + 2 + 4;
        byte[] packet = query().pointer(afterQuestion).typeAndClass(Type.A)
                .label("www").label("gslb").label("example").root() // a valid name, but after the pointer
                .bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void compressionPointerOutOfThePacketGetsFormerr() throws IOException {
        byte[] packet = query().label("www").pointer(0x3FFF).typeAndClass(Type.A).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void noQuestionGetsFormerr() throws IOException {
        byte[] packet = header(0, 0, 0, 0).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void twoQuestionsGetFormerr() throws IOException {
        byte[] packet = header(2, 0, 0, 0)
                .label("www").label("gslb").label("example").root().typeAndClass(Type.A)
                .label("mail").label("gslb").label("example").root().typeAndClass(Type.A).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void additionalCountAboveTheRecordsPresentGetsFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 2).wwwQuestion().opt(1232, new byte[0]) // ARCOUNT 2, one record
                .bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void answerCountOnAQueryWithoutAnswersGetsFormerr() throws IOException {
        byte[] packet = header(1, 1, 0, 0).wwwQuestion().bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void truncatedFlagDoesNotExcuseAMissingQuestion() throws IOException {
        // dnsjava keeps whatever it could read of a message with TC set instead of failing.
        byte[] packet = header(Flags.TC, 1, 0, 0, 0).label("www").bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void truncatedFlagDoesNotExcuseMissingAdditionalRecords() throws IOException {
        byte[] packet = header(Flags.TC, 1, 0, 0, 1).wwwQuestion() // ARCOUNT 1, no record
                .bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void twoOptRecordsGetFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 2).wwwQuestion().opt(1232, new byte[0]).opt(1232, new byte[0]).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void optWithANonRootOwnerGetsFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 1).wwwQuestion()
                .pointer(QUESTION_START) // owner www.gslb.example. instead of the root
                .u16(Type.OPT).u16(1232).u32(0).u16(0).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void fiveByteClientCookieGetsFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 1).wwwQuestion().opt(1232, cookie(5)).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void threeByteServerCookieGetsFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 1).wwwQuestion().opt(1232, cookie(8 + 3)).bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void fortyOneByteCookieGetsFormerr() throws IOException {
        byte[] packet = header(1, 0, 0, 1).wwwQuestion().opt(1232, cookie(8 + 33)) // server cookie at most 32
                .bytes();

        assertFormerr(ID, exchange(packet));
    }

    @Test
    void responsesAreDropped() throws IOException {
        byte[] packet = header(Flags.QR, 1, 1, 0, 0).wwwQuestion()
                .pointer(QUESTION_START).typeAndClass(Type.A).u32(300).u16(4).u8(192).u8(0).u8(2).u8(10)
                .bytes();

        send(packet);

        assertNoReply();
    }

    @Test
    void packetsShorterThanAHeaderAreDropped() throws IOException {
        byte[] header = header(1, 0, 0, 0).bytes();
        for (int length = 0; length < QUESTION_START; length++) {
            send(Arrays.copyOf(header, length));
        }

        assertNoReply();
    }

    /**
     * Random bytes of random length: the header alone decides. Short packets and responses get nothing, other opcodes
     * NOTIMP, and queries whose counts are not one question and no answer or authority records FORMERR.
     */
    @Test
    void randomGarbageIsAnsweredFromItsHeader() throws IOException {
        Random random = new Random(20261124);
        for (int number = 0; number < 300; number++) {
            byte[] packet = randomGarbage(random, number);
            send(packet);
            if (packet.length >= QUESTION_START && !isResponse(packet)) {
                // A reply to a packet that deserves none would arrive here instead, or at the end.
                assertAnsweredFromHeader(packet, receive());
            }
        }
        assertNoReply();
    }

    /**
     * A sound query header (one question, any AA/TC/RD/RA/Z bits) followed by random bytes: each gets a reply with its
     * ID, FORMERR whenever the bytes are not one readable question, and never SERVFAIL (which would mean the server
     * threw while handling it).
     */
    @Test
    void randomBytesAfterAQueryHeaderGetFormerrAndNeverServfail() throws IOException {
        Random random = new Random(1035);
        for (int number = 0; number < 300; number++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            int flags = random.nextInt(0x10000) & 0x07F0; // random AA, TC, RD, RA, Z, AD, CD; QR, opcode, rcode 0
            byte[] packet = new Packet().u16(number).u16(flags).u16(1).u16(0).u16(0).u16(0).raw(body).bytes();

            assertFormerrUnlessReadable(packet, exchange(packet));
        }
    }

    // ---- packets ----

    /** A query header with the test's ID: QR clear, opcode QUERY, one question, no other records. */
    private static Packet query() {
        return header(1, 0, 0, 0);
    }

    private static Packet header(int questions, int answers, int authorities, int additionals) {
        return new Packet().u16(ID).u16(0).u16(questions).u16(answers).u16(authorities).u16(additionals);
    }

    /** A header with one flag set (a dnsjava {@link Flags} bit number). */
    private static Packet header(int flag, int questions, int answers, int authorities, int additionals) {
        return new Packet().u16(ID).u16(1 << (15 - flag)).u16(questions).u16(answers).u16(authorities)
                .u16(additionals);
    }

    /** A COOKIE option (RFC 7873) whose data has the given length. */
    private static byte[] cookie(int length) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) 0x5A);
        return new Packet().u16(EDNSOption.Code.COOKIE).u16(length).raw(data).bytes();
    }

    /** Random bytes with the packet number as ID, redrawn in the unlikely case the header looks like one question. */
    private static byte[] randomGarbage(Random random, int number) {
        while (true) {
            byte[] packet = new byte[random.nextInt(600)];
            random.nextBytes(packet);
            if (packet.length < QUESTION_START) {
                return packet;
            }
            packet[0] = (byte) (number >> 8);
            packet[1] = (byte) number;
            boolean oneQuestion = count(packet, 0) == 1 && count(packet, 1) == 0 && count(packet, 2) == 0;
            if (!oneQuestion) {
                return packet;
            }
        }
    }

    private static boolean readableAsOneQuestion(byte[] packet) {
        try {
            Message message = new Message(packet);
            return message.getSection(Section.QUESTION).size() == 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Builds a packet byte by byte. */
    private static final class Packet {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Packet u8(int value) {
            out.write(value);
            return this;
        }

        Packet u16(int value) {
            return u8(value >> 8).u8(value);
        }

        Packet u32(long value) {
            return u16((int) (value >> 16)).u16((int) value);
        }

        Packet raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Packet ascii(String text) {
            return raw(text.getBytes(StandardCharsets.US_ASCII));
        }

        /** A length byte and the label. */
        Packet label(String label) {
            return u8(label.length()).ascii(label);
        }

        /** The empty label that ends a name. */
        Packet root() {
            return u8(0);
        }

        /** A compression pointer (RFC 1035 section 4.1.4) to an offset in the packet. */
        Packet pointer(int offset) {
            return u16(0xC000 | offset);
        }

        Packet typeAndClass(int type) {
            return u16(type).u16(DClass.IN);
        }

        Packet wwwQuestion() {
            return label("www").label("gslb").label("example").root().typeAndClass(Type.A);
        }

        /** An OPT record (RFC 6891): root owner, payload size as class, TTL 0, the given options as data. */
        Packet opt(int payloadSize, byte[] options) {
            return root().u16(Type.OPT).u16(payloadSize).u32(0).u16(options.length).raw(options);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    // ---- the wire ----

    private void send(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length));
    }

    private byte[] receive() throws IOException {
        socket.setSoTimeout(REPLY_TIMEOUT_MILLIS);
        DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException e) {
            return fail("no reply within " + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }

    private byte[] exchange(byte[] packet) throws IOException {
        send(packet);
        return receive();
    }

    /** Skips replies to earlier packets of a test that failed half-way. */
    private byte[] replyWithId(int id) throws IOException {
        while (true) {
            byte[] reply = receive();
            if (reply.length >= 2 && id(reply) == id) {
                return reply;
            }
        }
    }

    private void assertNoReply() throws IOException {
        socket.setSoTimeout(NO_REPLY_MILLIS);
        DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException expected) {
            return;
        }
        fail("expected no reply, got " + hex(Arrays.copyOf(reply.getData(), reply.getLength())));
    }

    /** Other opcodes get NOTIMP; a query whose counts are not one question and nothing else, FORMERR. */
    private static void assertAnsweredFromHeader(byte[] packet, byte[] reply) {
        assertEquals(id(packet), id(reply), () -> "ID of the reply to " + hex(packet));
        assertTrue(isResponse(reply), () -> "QR in the reply to " + hex(packet));
        int expected = ((packet[2] >> 3) & 0x0F) == 0 ? Rcode.FORMERR : Rcode.NOTIMP;
        assertEquals(expected, rcode(reply), () -> "rcode for " + hex(packet));
    }

    private static void assertFormerrUnlessReadable(byte[] packet, byte[] reply) {
        assertEquals(id(packet), id(reply), () -> "ID of the reply to " + hex(packet));
        assertTrue(isResponse(reply), () -> "QR in the reply to " + hex(packet));
        assertNotEquals(Rcode.SERVFAIL, rcode(reply), () -> "rcode for " + hex(packet));
        if (!readableAsOneQuestion(packet)) {
            assertEquals(Rcode.FORMERR, rcode(reply), () -> "rcode for " + hex(packet));
        }
    }

    private static void assertFormerr(int id, byte[] reply) {
        assertTrue(reply.length >= QUESTION_START, () -> "reply shorter than a header: " + hex(reply));
        assertEquals(id, id(reply), "ID");
        assertTrue(isResponse(reply), "QR");
        assertEquals(Rcode.FORMERR, rcode(reply), () -> "rcode of " + hex(reply));
    }

    private static int id(byte[] message) {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }

    private static boolean isResponse(byte[] message) {
        return (message[2] & 0x80) != 0;
    }

    private static int rcode(byte[] message) {
        return message[3] & 0x0F;
    }

    /** The header's count for a section, 0 (question) to 3 (additional). */
    private static int count(byte[] message, int section) {
        int at = 4 + 2 * section;
        return ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
