package dev.meridian.server.geo;

import java.net.InetAddress;

/** Locates client addresses. Implementations are immutable and safe to call from any thread without blocking. */
public interface GeoLocator {
    /** The location of the network holding {@code address}; never {@code null}. */
    GeoLocation locate(InetAddress address);
}
