package dev.meridian.server.dns.query;

/**
 * Reads the fixed 12-byte header straight from the packet, before any parsing, so that responses, short packets and
 * unknown opcodes are dealt with without trusting the rest of the message.
 */
public final class WireHeader {
    public static final int LENGTH = 12;

    private WireHeader() {
    }

    public static int id(byte[] wire) {
        return ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
    }

    public static boolean isResponse(byte[] wire) {
        return (wire[2] & 0x80) != 0;
    }

    public static int opcode(byte[] wire) {
        return (wire[2] >> 3) & 0x0F;
    }

    public static boolean recursionDesired(byte[] wire) {
        return (wire[2] & 0x01) != 0;
    }

    public static int count(byte[] wire, int section) {
        int at = 4 + 2 * section;
        return ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
    }
}
