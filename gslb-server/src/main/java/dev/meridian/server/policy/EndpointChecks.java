package dev.meridian.server.policy;

import java.util.List;
import java.util.Optional;

/** Load-time checks that several kinds of step make of their endpoints. */
final class EndpointChecks {
    private EndpointChecks() {
    }

    /** Weighted and hash selection need some weight to share out. */
    static Optional<String> someWeight(String kind, List<Endpoint> endpoints) {
        return endpoints.stream().mapToLong(Endpoint::weight).sum() > 0 ? Optional.empty()
                : Optional.of("the weights of this name's endpoints sum to zero; '" + kind
                        + "' needs at least one endpoint with a positive weight");
    }

    /** Distance-based selection needs every region's coordinates. */
    static Optional<String> coordinates(String kind, List<Endpoint> endpoints) {
        return endpoints.stream().filter(e -> Double.isNaN(e.region().latitude())).findFirst()
                .map(e -> "'" + kind + "' needs coordinates, and region '" + e.region().name()
                        + "' has no latitude and longitude");
    }
}
