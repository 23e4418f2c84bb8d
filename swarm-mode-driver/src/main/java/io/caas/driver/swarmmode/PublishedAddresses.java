package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ProviderException;
import java.util.List;
import java.util.Objects;

/**
 * After hosts were replaced, what the cluster row, the managers' load balancer and the join material name must
 * follow the new hosts: master_addresses, node_addresses, api_address, the balancer's backends and the manager a
 * joining node dials.
 */
final class PublishedAddresses {
    private static final int SWARM_PORT = 2377;
    private final ClusterJob job;
    private final SwarmServices services;
    private final int enginePort;

    PublishedAddresses(ClusterJob job, SwarmServices services, int enginePort) {
        this.job = job;
        this.services = services;
        this.enginePort = enginePort;
    }

    /** Publishes the addresses of the READY nodes on record; {@code joinVia} (host:2377) is offered first to joiners. */
    void publish(String joinVia) throws SwarmDriverException {
        Cluster cluster = job.cluster();
        List<ClusterNode> ready = job.nodes().stream().filter(n -> "READY".equals(n.state) && n.address != null).toList();
        List<String> managers = ready.stream().filter(n -> SwarmRoles.MANAGER.equals(n.role)).map(n -> n.address).toList();
        List<String> workers = ready.stream().filter(n -> !SwarmRoles.MANAGER.equals(n.role)).map(n -> n.address).toList();
        if (managers.isEmpty()) {
            throw new SwarmDriverException("Cluster " + cluster.uuid + " has no READY manager on record to publish");
        }
        offerJoinVia(joinVia, managers);
        boolean loadBalanced = Objects.requireNonNullElse(cluster.masterLbEnabled, job.template().masterLbEnabled);
        String apiAddress;
        if (loadBalanced) {
            try {
                apiAddress = job.provider().ensureLoadBalancer(cluster.uuid, enginePort,
                        managers.stream().map(address -> address + ":" + enginePort).toList());
            } catch (ProviderException e) {
                throw new SwarmDriverException("Load balancer for the managers' Engine API failed: " + e.getMessage(), e);
            }
        } else {
            apiAddress = managers.get(0) + ":" + enginePort;
        }
        job.updateCluster(row -> {
            row.apiAddress = "tcp://" + apiAddress;
            row.masterAddresses = managers;
            row.nodeAddresses = workers;
        });
    }

    /** Joining nodes dial the first manager of the join material: make it one that answers now. */
    void offerJoinVia(String joinVia, List<String> managerAddresses) throws SwarmDriverException {
        SwarmJoin join = services.joinTokens().find(job.cluster().uuid).orElseThrow(() -> new SwarmDriverException(
                "Cluster " + job.cluster().uuid + " has no join tokens on record; it never finished its creation"));
        List<String> dial = new java.util.ArrayList<>(List.of(joinVia));
        managerAddresses.stream().map(address -> address + ":" + SWARM_PORT).filter(a -> !a.equals(joinVia)).forEach(dial::add);
        services.joinTokens().save(job.cluster().uuid, new SwarmJoin(join.managerToken(), join.workerToken(), dial));
    }
}
