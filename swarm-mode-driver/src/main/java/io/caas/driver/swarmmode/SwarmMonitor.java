package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm-mode monitor, as Magnum's drivers have one: the cluster's health_status and health_status_reason from
 * the managers' view of the swarm, read through api_address (the load balancer when there is one).
 * Reasons follow Magnum's shape: {"api": "ok", "<node>.Ready": "True"|"False"}.
 */
public final class SwarmMonitor {
    public record Health(String status, Map<String, String> reasons) {
    }

    private final ClusterPki pki;

    public SwarmMonitor(ClusterPki pki) {
        this.pki = pki;
    }

    /** HEALTHY when every node is Ready and every manager reachable, UNHEALTHY when not, UNKNOWN without an API. */
    public Health check(Cluster cluster) {
        if (cluster.apiAddress == null || !cluster.apiAddress.startsWith("tcp://")) {
            return new Health("UNKNOWN", Map.of("api", "the cluster has no api_address yet"));
        }
        EngineClient engine = EngineClient.connect(cluster.apiAddress.substring("tcp://".length()),
                pki.conductorCredentials(cluster.uuid), pki.rootCertificate(cluster.uuid));
        List<SwarmNode> nodes;
        try {
            nodes = engine.nodes();
        } catch (EngineApiException e) {
            return new Health("UNKNOWN", Map.of("api", e.getMessage()));
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("api", "ok");
        boolean healthy = true;
        for (SwarmNode node : nodes) {
            boolean ready = "ready".equals(node.state()) && (!node.isManager() || "reachable".equals(node.reachability()));
            String name = node.caasName().isEmpty() ? node.id() : node.caasName();
            reasons.put(name + ".Ready", ready ? "True" : "False");
            healthy &= ready;
        }
        return new Health(healthy ? "HEALTHY" : "UNHEALTHY", reasons);
    }
}
