package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values written by the encoder read back through maxmind-db as the same values. */
class MmdbEncoderTest {
    @Test
    void everyTypeReadsBackAsItsValue() throws IOException {
        MmdbEncoder value = new MmdbEncoder().map(10)
                .string("array").array(2).uint16(1).string("two")
                .string("double").doubleValue(-122.3321)
                .string("false").bool(false)
                .string("float").floatValue(35.6895f)
                .string("map").map(1).string("iso_code").string("GB")
                .string("string").string("Linköping")
                .string("true").bool(true)
                .string("uint16").uint16(65_535)
                .string("uint32").uint32(4_294_967_295L)
                .string("uint64").uint64(Long.MAX_VALUE);
        Map<String, Object> expected = Map.of(
                "array", List.of(1, "two"),
                "double", -122.3321,
                "false", false,
                "float", 35.6895f,
                "map", Map.of("iso_code", "GB"),
                "string", "Linköping",
                "true", true,
                "uint16", 65_535,
                "uint32", 4_294_967_295L,
                "uint64", BigInteger.valueOf(Long.MAX_VALUE));
        assertEquals(expected, readBack(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 28, 29, 284, 285, 65_820, 65_821, 70_000})
    void stringsOfEverySizeEncodingReadBack(int length) throws IOException {
        String text = "x".repeat(length);
        assertEquals(Map.of("s", text), readBack(new MmdbEncoder().map(1).string("s").string(text)));
    }

    @Test
    void integersTakeTheFewestBytesAndExtendedTypesATypeByte() {
        assertArrayEquals(bytes(0xA0), new MmdbEncoder().uint16(0).toByteArray());
        assertArrayEquals(bytes(0xC2, 0x01, 0x00), new MmdbEncoder().uint32(256).toByteArray());
        assertArrayEquals(bytes(0x01, 0x02, 0x01), new MmdbEncoder().uint64(1).toByteArray());
        assertArrayEquals(bytes(0x01, 0x07), new MmdbEncoder().bool(true).toByteArray());
        assertArrayEquals(bytes(0x00, 0x04), new MmdbEncoder().array(0).toByteArray());
    }

    @Test
    void integersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MmdbEncoder().uint16(65_536));
        assertThrows(IllegalArgumentException.class, () -> new MmdbEncoder().uint32(-1));
    }

    private static Map<?, ?> readBack(MmdbEncoder value) throws IOException {
        MmdbWriter writer = new MmdbWriter("Test", "one value", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("::/0"), value.toByteArray());
        try (Reader reader = new Reader(new ByteArrayInputStream(writer.toByteArray()))) {
            return reader.get(InetAddress.getByName("2001:db8::1"), Map.class);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
