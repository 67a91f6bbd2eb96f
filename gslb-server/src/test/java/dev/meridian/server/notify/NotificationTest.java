package dev.meridian.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meridian.probes.health.FailoverEvent;
import dev.meridian.probes.observe.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final Instant AT = Instant.parse("2026-12-03T09:12:00Z");

    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvSource({
            "gslb.example/eu/lb, UP, DOWN, failover",
            "gslb.example/eu/lb, DOWN, UP, recovery",
            "gslb.example/eu, UP, DOWN, region-down",
            "gslb.example/eu, DOWN, UP, region-up"})
    void aStatusChangeIsNamedByWhatChangedAndWhichWay(String subject, HealthStatus from, HealthStatus to,
            String kind) {
        Notification n = Notification.of(new FailoverEvent(7, AT, subject, from, to, false, List.of("eu/a"),
                List.of("us/b"), "why"), "ns1");
        assertEquals(kind, n.kind().configName());
        assertEquals(kind, n.toJson().getString("event"));
        assertEquals(subject, n.toJson().getString("subject"));
    }

    @Test
    void aChangeOfFreshnessAloneIsNotNotified() {
        assertNull(Notification.of(new FailoverEvent(7, AT, "gslb.example/eu/lb", HealthStatus.DOWN,
                HealthStatus.DOWN, true, List.of(), List.of(), "no fresh votes"), "ns1"));
    }

    @Test
    void theBodyStartsWithTheTextChatReceiversShow() {
        Notification n = Notification.of(new FailoverEvent(7, AT, "gslb.example/eu/lb", HealthStatus.UP,
                HealthStatus.DOWN, false, List.of("eu/a", "us/b"), List.of(), "failover: 2 of 2 fresh vantage(s) "
                + "see it down"), "ns1");
        assertEquals("Failover: gslb.example/eu/lb is down, seen by eu/a, us/b (failover: 2 of 2 fresh vantage(s) "
                + "see it down, node ns1)", n.text());
        assertEquals("text", n.toJson().fieldNames().iterator().next());
    }
}
