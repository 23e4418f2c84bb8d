package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.spi.ClusterJob;
import java.util.List;

/**
 * Replaces a swarm's join tokens (caas's rotate_join_tokens action) and the sealed copy caas hands booting nodes,
 * so the next node caas adds joins with the new token while anyone holding an old one is refused.
 */
final class JoinTokenRotation {
    private final ClusterJob job;
    private final ClusterPki pki;
    private final JoinTokens joinTokens;
    private final ManagerEngines engines;

    JoinTokenRotation(ClusterJob job) {
        SwarmServices services = SwarmServices.of(job);
        this.job = job;
        this.pki = services.pki();
        this.joinTokens = services.joinTokens();
        this.engines = new ManagerEngines(job, services.pki());
    }

    /** @param role "worker", "manager" or "both" */
    void rotate(String role) throws Exception {
        boolean worker = "worker".equals(role) || "both".equals(role);
        boolean manager = "manager".equals(role) || "both".equals(role);
        if (!worker && !manager) {
            throw new SwarmDriverException("Unknown join token role '" + role + "'; rotate worker, manager or both");
        }
        String clusterUuid = job.cluster().uuid;
        EngineClient engine = engines.anyManager(List.of(pki.rootGeneration(clusterUuid)));
        JsonNode before = engine.swarm().path("JoinTokens");
        String tokens = worker && manager ? "worker and manager join tokens" : "the " + role + " join token";
        job.event("join_token_rotation_started", "replacing " + (worker && manager ? "the " : "") + tokens);
        engine.rotateJoinTokens(worker, manager);
        JsonNode after = engine.swarm().path("JoinTokens");
        if (worker && after.path("Worker").equals(before.path("Worker"))
                || manager && after.path("Manager").equals(before.path("Manager"))) {
            throw new SwarmDriverException("Swarm at " + engine.address() + " kept its " + role
                    + " join token after the rotation; retry the action");
        }
        List<String> managers = joinTokens.find(clusterUuid).map(SwarmJoin::managerAddresses).orElseGet(() ->
                engines.managers().stream().map(n -> n.address + ":" + ClusterConvergence.SWARM_PORT).toList());
        joinTokens.save(clusterUuid, new SwarmJoin(after.path("Manager").asText(), after.path("Worker").asText(), managers));
        job.event("join_tokens_rotated", "replaced " + (worker && manager ? "the " : "") + tokens
                + "; joins with an old token are refused, the nodes caas adds get the new one");
    }
}
