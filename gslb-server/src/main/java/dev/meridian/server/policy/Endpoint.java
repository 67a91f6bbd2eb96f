package dev.meridian.server.policy;

import dev.meridian.probes.plan.CheckTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A regional L7 load balancer that GSLB answers point clients to: addresses, or a CNAME target, never both.
 *
 * @param id {@code region/name}, as the policy file refers to it
 * @param healthKey {@code zone/region/name}: unique across zones, the key health is reported under
 * @param index its slot in the health table, given at load by {@link EndpointIndex}
 * @param region where it is
 * @param ipv4 addresses answered for A
 * @param ipv6 addresses answered for AAAA
 * @param cname target answered for every type instead of addresses, or {@code null}
 * @param weight share of traffic for weighted and hash selection; 0 takes traffic only when nothing else can
 * @param down whether the configuration marks it down (the static health view's input)
 * @param check how probe agents check it, or {@code null} when it is not checked (then it counts as up)
 * @param slowStart how long it takes, once recovered or added, to ramp up to its full share; zero for at once
 */
public record Endpoint(String id, String healthKey, int index, Region region, List<Inet4Address> ipv4,
        List<Inet6Address> ipv6, Name cname, int weight, boolean down, CheckTarget check, Duration slowStart) {

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(healthKey, "healthKey");
        Objects.requireNonNull(region, "region");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        Objects.requireNonNull(slowStart, "slowStart");
    }
}
