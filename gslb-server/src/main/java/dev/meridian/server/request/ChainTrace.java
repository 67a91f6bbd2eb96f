package dev.meridian.server.request;

import dev.meridian.server.geo.GeoLocation;
import java.util.List;

/**
 * What explaining an answer records as the query runs: the zone, the GSLB name, each policy step's candidates in
 * and out and why, where the client was placed, and what bounded the TTL. The query path runs with {@link #NONE}, which records
 * nothing and is never asked for more than {@link #enabled()}; explain runs the same path with a recorder, so the
 * explained answer is the one a query gets.
 */
public interface ChainTrace {
    /** Records nothing: the query path's trace. */
    ChainTrace NONE = new ChainTrace() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void zone(String origin) {
        }

        @Override
        public void name(String name, long ttl, String allDownMode) {
        }

        @Override
        public void step(String kind, List<String> in, List<String> out, int scope, String reason) {
        }

        @Override
        public void allDown(String mode) {
        }

        @Override
        public void located(GeoLocation location) {
        }

        @Override
        public void ttlBound(String endpointId, long seconds) {
        }

        @Override
        public void latency(String level, String network, List<String> rtts) {
        }
    };

    /** Whether anything is recorded; callers skip building what they would record when not. */
    boolean enabled();

    /** The zone the query falls in, {@code null} for none (refused). */
    void zone(String origin);

    /** The GSLB name answering, its configured TTL and all-down mode. */
    void name(String name, long ttl, String allDownMode);

    /** One step: the endpoint ids it was given and those it kept, the client prefix it looked at, and why. */
    void step(String kind, List<String> in, List<String> out, int scope, String reason);

    /** The health filter left nothing; the name's all-down mode answered. */
    void allDown(String mode);

    /** Where the client was placed, the first time a step asked. */
    void located(GeoLocation location);

    /**
     * What latency routing decided on: {@code level} (network, country or geoproximity), the network or country it
     * read, and each region's smoothed RTT in preference order ({@code "region=12.5ms"}).
     */
    void latency(String level, String network, List<String> rtts);

    /** An answered endpoint may change state within {@code seconds}, which bounds the TTL. */
    void ttlBound(String endpointId, long seconds);
}
