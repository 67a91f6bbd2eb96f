package dev.meridian.server.request;

import dev.meridian.probes.latency.LatencyView;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.GeoLocator;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What the policy steps know about one query: the client network (from EDNS Client Subnet, or the packet's source),
 * its location (looked up once, on first use), the compiled health table and the latency view. Steps that look at
 * the client return the prefix they depended on with their choice; nothing here records it. One per query, used by
 * one thread.
 */
public final class QueryContext {
    private final InetAddress client;
    private final int sourcePrefix;
    private final GeoLocator geo;
    private final HealthTable health;
    private final LatencyView latency;
    private final ChainTrace trace;
    private GeoLocation location;

    /**
     * @param client the ECS address, or the packet's source address
     * @param sourcePrefix the ECS source prefix length; ignored without ECS
     * @param fromClientSubnet whether the query carried ECS
     */
    public QueryContext(InetAddress client, int sourcePrefix, boolean fromClientSubnet, GeoLocator geo,
            HealthTable health, LatencyView latency) {
        this(client, sourcePrefix, fromClientSubnet, geo, health, latency, ChainTrace.NONE);
    }

    /** A context whose steps are recorded by {@code trace}, for explaining an answer. */
    public QueryContext(InetAddress client, int sourcePrefix, boolean fromClientSubnet, GeoLocator geo,
            HealthTable health, LatencyView latency, ChainTrace trace) {
        this.trace = trace;
        this.client = client;
        this.sourcePrefix = fromClientSubnet ? sourcePrefix : fullLength(client);
        this.geo = geo;
        this.health = health;
        this.latency = latency;
    }

    public InetAddress client() {
        return client;
    }

    /** How many leading bits of {@link #client()} are known: the ECS source prefix, or the full address. */
    public int sourcePrefix() {
        return sourcePrefix;
    }

    /**
     * The client's location; a step that uses it depends on {@link GeoLocation#networkPrefix()} bits of the client.
     */
    public GeoLocation location() {
        if (location == null) {
            location = geo.locate(client);
            if (trace.enabled()) {
                trace.located(location);
            }
        }
        return location;
    }

    /** Endpoint health by endpoint index. */
    public HealthTable health() {
        return health;
    }

    /** Where explain records the steps; {@link ChainTrace#NONE} on the query path. */
    public ChainTrace trace() {
        return trace;
    }

    public LatencyView latency() {
        return latency;
    }

    public boolean isIpv4() {
        return client instanceof Inet4Address;
    }

    private static int fullLength(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }
}
