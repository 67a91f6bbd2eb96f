package dev.meridian.probes.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.observe.HealthStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rise/fall state machine, fed result sequences: {@code +} a passed check, {@code -} a failed one. */
class RiseFallTest {

    @ParameterizedTest(name = "rise {0}, fall {1}: {2} -> {3}, streak {4}, since check {5}")
    @CsvSource(delimiter = '|', nullValues = "unknown", textBlock = """
            # rise | fall | results   | status  | streak | since (1-based check, 0 = never)
              2    | 3    | ''        | unknown | 0      | 0
              2    | 3    | +         | unknown | 0      | 0
              2    | 3    | ++        | UP      | 0      | 2
              2    | 3    | --        | unknown | 2      | 0
              2    | 3    | ---       | DOWN    | 3      | 3
              2    | 3    | +-+-+-    | unknown | 1      | 0
              2    | 3    | --+--     | unknown | 2      | 0
              2    | 3    | ++--      | UP      | 2      | 2
              2    | 3    | ++---     | DOWN    | 3      | 5
              2    | 3    | ++--+--   | UP      | 2      | 2
              2    | 3    | ++-----   | DOWN    | 5      | 5
              2    | 3    | ---+      | DOWN    | 0      | 3
              2    | 3    | ---++     | UP      | 0      | 5
              2    | 3    | ---+-+    | DOWN    | 0      | 3
              2    | 3    | ++++      | UP      | 0      | 2
              1    | 1    | +         | UP      | 0      | 1
              1    | 1    | +-        | DOWN    | 1      | 2
              1    | 1    | +-+       | UP      | 0      | 3
              3    | 2    | +++--+    | DOWN    | 0      | 5
            """)
    void resultSequencesGiveTheExpectedState(int rise, int fall, String results, String status, int streak,
            int sinceCheck) {
        RiseFall state = RiseFall.start(rise, fall);
        for (int i = 0; i < results.length(); i++) {
            state = state.next(results.charAt(i) == '+', 1000L * (i + 1));
        }

        assertEquals(Optional.ofNullable(status).map(HealthStatus::valueOf), state.status());
        assertEquals(streak, state.failingStreak());
        assertEquals(1000L * sinceCheck, state.sinceEpochMillis());
    }

    @Test
    void resultsThatConfirmTheStatusKeepItsSince() {
        RiseFall up = RiseFall.start(2, 3).next(true, 10).next(true, 20);

        RiseFall later = up.next(true, 30).next(false, 40).next(true, 50);

        assertEquals(20, later.sinceEpochMillis());
    }

    @Test
    void thresholdsBelowOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RiseFall.start(0, 3));
        assertThrows(IllegalArgumentException.class, () -> RiseFall.start(2, 0));
    }
}
