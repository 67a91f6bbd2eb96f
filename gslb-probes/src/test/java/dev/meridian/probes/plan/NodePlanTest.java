package dev.meridian.probes.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePlanTest {
    private static final CheckTarget A = target("z/eu/a", 443);
    private static final CheckTarget B = target("z/us/b", 443);
    private static final CheckTarget SHARED_80 = target("z/ap/shared", 80);
    private static final CheckTarget SHARED_8080 = target("z/ap/shared", 8080);

    @Test
    void unionHoldsEveryNodesEndpoints() {
        NodePlan.Union union = NodePlan.union(List.of(plan("ns1", 1, A, SHARED_80), plan("ns2", 2, B, SHARED_80)));
        assertEquals(Map.of(A.endpointKey(), A, B.endpointKey(), B, SHARED_80.endpointKey(), SHARED_80),
                union.targets());
        assertEquals(Map.of(), union.conflicts(), "the same check from two nodes is no conflict");
    }

    @Test
    void newestPlanWinsAnEndpointDefinedDifferentlyWhateverTheOrder() {
        NodePlan older = plan("ns1", 1, SHARED_80);
        NodePlan newer = plan("ns2", 2, SHARED_8080);
        for (List<NodePlan> plans : List.of(List.of(older, newer), List.of(newer, older))) {
            NodePlan.Union union = NodePlan.union(plans);
            assertEquals(Map.of(SHARED_8080.endpointKey(), SHARED_8080), union.targets());
            assertEquals(Map.of(SHARED_8080.endpointKey(), List.of("ns2", "ns1")), union.conflicts());
        }
    }

    @Test
    void equallyNewPlansFallBackToTheFirstNodeByName() {
        NodePlan.Union union = NodePlan.union(List.of(plan("ns2", 5, SHARED_8080), plan("ns1", 5, SHARED_80)));
        assertEquals(Map.of(SHARED_80.endpointKey(), SHARED_80), union.targets());
    }

    @Test
    void noPlansNothingToCheck() {
        assertEquals(Map.of(), NodePlan.union(List.of()).targets());
    }

    private static NodePlan plan(String node, long version, CheckTarget... targets) {
        return new NodePlan(node, version, CheckPlan.byEndpoint(List.of(targets)));
    }

    private static CheckTarget target(String endpoint, int port) {
        return new CheckTarget(endpoint, endpoint.split("/")[1], new CheckSpec.Tcp("192.0.2.10", port),
                CheckTiming.DEFAULT);
    }
}
