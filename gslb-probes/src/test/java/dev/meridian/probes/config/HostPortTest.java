package dev.meridian.probes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1:5300, 127.0.0.1:5300",
            "192.0.2.1, 192.0.2.1:53",
            "[::1]:5301, [0:0:0:0:0:0:0:1]:5301",
            "2001:db8::1, [2001:db8:0:0:0:0:0:1]:53",
            "[2001:db8::1], [2001:db8:0:0:0:0:0:1]:53",
            "0.0.0.0:0, 0.0.0.0:0"})
    void readsLiteralsWithOrWithoutAPort(String text, String expected) {
        assertEquals(expected, HostPort.parse(text, 53).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "0127.0.0.1", "4294967295", "999.1.1.1", "localhost:53", "ns1.example:53",
            "1.2.3.4.5", "fe80::zz", "", "[::1", "[::1]53", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
            "127.0.0.1:http"})
    void refusesAnythingButALiteralWithAValidPort(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, 53));
        assertTrue(e.getMessage().startsWith("'" + text + "'"), e.getMessage());
    }
}
