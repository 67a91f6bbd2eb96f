package dev.meridian.server.anycast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.server.anycast.Announcement.State;
import dev.meridian.server.geo.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExaBgpLinesTest {
    private static final List<Cidr> PREFIXES = List.of(Cidr.parse("192.0.2.53/32"), Cidr.parse("2001:db8::53/128"));

    @Test
    void announcedStatesEveryPrefixWithNextHopSelf() {
        assertEquals(List.of("announce route 192.0.2.53/32 next-hop self",
                "announce route 2001:db8:0:0:0:0:0:53/128 next-hop self"),
                new ExaBgpLines(PREFIXES, DegradedRoute.SAME).of(State.ANNOUNCED));
    }

    @Test
    void withdrawnWithdrawsEveryPrefix() {
        assertEquals(List.of("withdraw route 192.0.2.53/32", "withdraw route 2001:db8:0:0:0:0:0:53/128"),
                new ExaBgpLines(PREFIXES, DegradedRoute.SAME).of(State.WITHDRAWN));
    }

    @Test
    void degradedPrependsAndTagsCommunitiesAsConfigured() {
        DegradedRoute route = new DegradedRoute(false, 3, 65001, List.of("65001:100", "65001:200"));
        assertEquals("announce route 192.0.2.53/32 next-hop self as-path [ 65001 65001 65001 ]"
                + " community [ 65001:100 65001:200 ]", new ExaBgpLines(PREFIXES, route).of(State.DEGRADED).get(0));
    }

    @Test
    void degradedCanMeanWithdrawn() {
        ExaBgpLines lines = new ExaBgpLines(PREFIXES, new DegradedRoute(true, 0, 0, List.of()));
        assertEquals("withdraw route 192.0.2.53/32", lines.of(State.DEGRADED).get(0));
        assertEquals(false, lines.announces(State.DEGRADED));
    }
}
