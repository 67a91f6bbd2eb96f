package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Locations are remembered per address, and a full cache starts again without losing correctness. */
class CachedGeoLocatorTest {
    private final AtomicInteger lookups = new AtomicInteger();
    private final GeoLocator source = address -> {
        lookups.incrementAndGet();
        return new GeoLocation("GB", "EU", null, 51.5, -0.1, true, address.getAddress()[3]);
    };

    @Test
    void anAddressIsLookedUpOnce() throws Exception {
        CachedGeoLocator cached = new CachedGeoLocator(source, 10);
        InetAddress client = InetAddress.getByName("192.0.2.7");
        assertEquals(source.locate(client), cached.locate(client));
        assertEquals(source.locate(client), cached.locate(client));
        assertEquals(3, lookups.get(), "two by the test itself, one by the cache");
    }

    @Test
    void aFullCacheStartsAgainAndStillAnswersRight() throws Exception {
        CachedGeoLocator cached = new CachedGeoLocator(source, 2);
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, cached.locate(InetAddress.getByName("192.0.2." + i)).networkPrefix());
        }
        assertEquals(5, cached.locate(InetAddress.getByName("192.0.2.5")).networkPrefix());
        assertEquals(5, lookups.get());
    }
}
