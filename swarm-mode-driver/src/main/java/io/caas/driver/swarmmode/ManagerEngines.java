package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The Engine API of a cluster's managers, for operations that change the swarm after it is built. */
final class ManagerEngines {
    private ManagerEngines() {
    }

    /** The first READY manager whose engine answers as a swarm manager (GET /swarm). */
    static EngineClient anyActive(ClusterJob job) throws SwarmDriverException {
        String clusterUuid = job.cluster().uuid;
        SwarmServices services = SwarmServices.of(job);
        String rootPem = services.pki().rootCertificate(clusterUuid);
        PemCredentials credentials = services.pki().conductorCredentials(clusterUuid);
        int port = Objects.requireNonNullElse(job.template().apiserverPort, ClusterConvergence.DEFAULT_ENGINE_PORT);
        List<String> problems = new ArrayList<>();
        for (ClusterNode node : job.nodes()) {
            if (!SwarmRoles.MANAGER.equals(node.role) || !"READY".equals(node.state) || node.address == null) {
                continue;
            }
            EngineClient engine = EngineClient.connect(node.address + ":" + port, credentials, rootPem);
            try {
                engine.swarm();
                return engine;
            } catch (EngineApiException e) {
                problems.add(node.name + ": " + e.getMessage());
            }
        }
        throw new SwarmDriverException("No manager of cluster " + clusterUuid + " answers as a swarm manager ("
                + String.join("; ", problems) + "); check the cluster's health and retry");
    }
}
