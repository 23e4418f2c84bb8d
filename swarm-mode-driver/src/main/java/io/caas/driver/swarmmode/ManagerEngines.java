package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Engine APIs of a cluster's managers as the conductor reaches them: each node by the address on its row, with
 * credentials from the root generation its engine trusts. During a CA rotation engines move from one root to the
 * next one by one, so a manager is looked for under each generation asked for, in the order given.
 */
final class ManagerEngines {
    private final ClusterJob job;
    private final ClusterPki pki;
    private final String clusterUuid;
    private final int enginePort;
    /** One client per engine and root: each holds an HttpClient, which is worth keeping across polls. */
    private final Map<String, EngineClient> clients = new HashMap<>();

    ManagerEngines(ClusterJob job, ClusterPki pki) {
        this.job = job;
        this.pki = pki;
        this.clusterUuid = job.cluster().uuid;
        this.enginePort = Objects.requireNonNullElse(job.template().apiserverPort, ClusterConvergence.DEFAULT_ENGINE_PORT);
    }

    /** The Engine API of {@code node} for a client of root {@code generation}. */
    EngineClient engine(ClusterNode node, int generation) {
        String address = node.address + ":" + enginePort;
        return clients.computeIfAbsent(address + "/" + generation, key -> EngineClient.connect(address,
                pki.conductorCredentials(clusterUuid, generation), pki.rootCertificate(clusterUuid, generation)));
    }

    /** A manager whose swarm answers, under the first of {@code generations} its engine accepts. */
    EngineClient anyManager(List<Integer> generations) throws SwarmDriverException {
        List<String> problems = new ArrayList<>();
        for (ClusterNode node : managers()) {
            for (int generation : generations) {
                EngineClient engine = engine(node, generation);
                try {
                    engine.swarm();
                    return engine;
                } catch (EngineApiException e) {
                    problems.add(node.name + " under root generation " + generation + ": " + e.getMessage());
                }
            }
        }
        throw new SwarmDriverException("No manager of cluster " + clusterUuid + " answered: " + problems
                + "; check that the managers' hosts run");
    }

    List<ClusterNode> managers() {
        return job.nodes().stream().filter(n -> SwarmRoles.MANAGER.equals(n.role) && n.address != null).toList();
    }

    /** A manager whose swarm answers under the cluster's current root: for changes outside a CA rotation. */
    static EngineClient anyActive(ClusterJob job) throws SwarmDriverException {
        ClusterPki pki = SwarmServices.of(job).pki();
        return new ManagerEngines(job, pki).anyManager(List.of(pki.rootGeneration(job.cluster().uuid)));
    }
}
