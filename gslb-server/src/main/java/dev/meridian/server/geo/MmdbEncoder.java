package dev.meridian.server.geo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes values in the MaxMind DB data-section format: each value is a control byte (type in the top three bits,
 * size in the low five), an extended-type byte for types above 7, up to three bytes more of size, then the payload.
 * Containers are written as a header ({@link #map}, {@link #array}) followed by their entries, so the caller decides
 * the key order and equal input always gives equal bytes. No pointers are written.
 */
final class MmdbEncoder {
    private static final int UTF8_STRING = 2;
    private static final int DOUBLE = 3;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;
    private static final int FLOAT = 15;

    /**
     * Sizes from 29 on take one, two or three bytes after the control byte (whose size bits are then 29, 30 or 31),
     * holding the size minus the base for that many bytes.
     */
    private static final int[] SIZE_BASE = {0, 29, 285, 65_821};
    private static final int MAX_SIZE = SIZE_BASE[3] + 0xFF_FFFF;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a map of {@code entries} key/value pairs; write each key with {@link #string} then its value. */
    MmdbEncoder map(int entries) {
        return header(MAP, entries);
    }

    /** Starts an array of {@code elements} values. */
    MmdbEncoder array(int elements) {
        return header(ARRAY, elements);
    }

    MmdbEncoder string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(UTF8_STRING, bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    MmdbEncoder doubleValue(double value) {
        header(DOUBLE, Double.BYTES);
        return bigEndian(Double.doubleToLongBits(value), Double.BYTES);
    }

    /** A 32-bit float, as the ip-location-db databases store coordinates. */
    MmdbEncoder floatValue(float value) {
        header(FLOAT, Float.BYTES);
        return bigEndian(Float.floatToIntBits(value), Float.BYTES);
    }

    MmdbEncoder uint16(int value) {
        return unsigned(UINT16, value, 0xFFFFL);
    }

    MmdbEncoder uint32(long value) {
        return unsigned(UINT32, value, 0xFFFF_FFFFL);
    }

    /** An unsigned 64-bit integer no larger than {@link Long#MAX_VALUE}, which is all a Unix time needs. */
    MmdbEncoder uint64(long value) {
        return unsigned(UINT64, value, Long.MAX_VALUE);
    }

    /** Booleans have no payload: the size is the value. */
    MmdbEncoder bool(boolean value) {
        return header(BOOLEAN, value ? 1 : 0);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Integers are stored in as few big-endian bytes as hold them; zero has none. */
    private MmdbEncoder unsigned(int type, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(value + " is out of range 0.." + max);
        }
        int length = (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
        header(type, length);
        return bigEndian(value, length);
    }

    private MmdbEncoder header(int type, int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size " + size + " is out of range 0.." + MAX_SIZE);
        }
        int extraBytes = size < SIZE_BASE[1] ? 0 : size < SIZE_BASE[2] ? 1 : size < SIZE_BASE[3] ? 2 : 3;
        int sizeBits = extraBytes == 0 ? size : 28 + extraBytes;
        // Types above 7 do not fit in three bits: the control byte says "extended" (0) and the next byte says which.
        out.write((type <= 7 ? type : 0) << 5 | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        return bigEndian(size - SIZE_BASE[extraBytes], extraBytes);
    }

    private MmdbEncoder bigEndian(long value, int length) {
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }
}
