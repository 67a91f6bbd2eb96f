package dev.meridian.server.geo;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers where addresses are. An authoritative server hears from a bounded set of resolvers, and resolvers send
 * client subnets already cut to a /24 or /56, so the same few addresses come back on almost every query; decoding
 * their database record each time is the largest part of locating them. The databases are immutable, so a result
 * never goes stale; when the cache is full it starts again empty rather than tracking what is least used.
 */
public final class CachedGeoLocator implements GeoLocator {
    private final GeoLocator source;
    private final int capacity;
    private volatile Map<InetAddress, GeoLocation> cache = new ConcurrentHashMap<>();

    public CachedGeoLocator(GeoLocator source, int capacity) {
        this.source = Objects.requireNonNull(source, "source");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        Map<InetAddress, GeoLocation> current = cache;
        GeoLocation known = current.get(address);
        if (known != null) {
            return known;
        }
        GeoLocation located = source.locate(address);
        if (current.size() >= capacity) {
            current = new ConcurrentHashMap<>();
            cache = current;
        }
        current.put(address, located);
        return located;
    }
}
