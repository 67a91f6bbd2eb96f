package dev.meridian.probes.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * One entry of the check plan the DNS servers publish: which endpoint, checked how, how often.
 *
 * @param endpointKey the endpoint's health key ({@code zone/region/endpoint})
 * @param region the region the endpoint is in
 */
public record CheckTarget(String endpointKey, String region, CheckSpec spec, CheckTiming timing)
        implements Serializable {
    public CheckTarget {
        Objects.requireNonNull(endpointKey, "endpointKey");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timing, "timing");
    }
}
