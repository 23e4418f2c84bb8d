package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.Host;
import io.caas.core.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes workers out of a running swarm: mark DELETING (so a recovering conductor finishes the job), drain and wait
 * until swarm moved the node's tasks, remove the host, then remove the node from the swarm and forget its row.
 */
final class NodeRetirement {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRetirement.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final int DRAIN_POLLS = 60;
    private final ClusterJob job;
    private final Pause pause;

    NodeRetirement(ClusterJob job, Pause pause) {
        this.job = job;
        this.pause = pause;
    }

    void retire(List<ClusterNode> nodes, EngineClient manager, Map<String, Host> hosts) throws Exception {
        String clusterUuid = job.cluster().uuid;
        for (ClusterNode node : nodes) {
            if (SwarmRoles.MANAGER.equals(node.role)) {
                throw new SwarmDriverException("Node " + node.name + " is a manager; managers are not removed by a"
                        + " resize, resize a worker nodegroup instead");
            }
            job.updateNode(node.name, row -> {
                row.state = NodePlan.DELETING;
                row.message = "draining before removal";
            });
            Optional<SwarmNode> inSwarm = manager.nodes().stream().filter(n -> node.name.equals(n.caasName())).findFirst();
            if (inSwarm.isPresent()) {
                drain(manager, node.name, inSwarm.get().id());
            }
            Host host = hosts.remove(node.name);
            if (host != null) {
                try {
                    job.provider().removeHost(clusterUuid, host);
                } catch (ProviderException e) {
                    throw new SwarmDriverException("Node " + node.name + " failed at host removal: " + e.getMessage(), e);
                }
            }
            if (inSwarm.isPresent()) {
                manager.removeNode(inSwarm.get().id(), true);
            }
            job.removeNode(node.name);
            job.event("node_removed", node.name + " drained and removed");
            LOG.info("node removed request={} cluster={} node={}", job.operation().requestId, clusterUuid, node.name);
        }
    }

    private void drain(EngineClient manager, String name, String swarmId) throws Exception {
        manager.drain(swarmId);
        for (int poll = 0; poll < DRAIN_POLLS && manager.runningTasks(swarmId) > 0; poll++) {
            if (job.shouldStop()) {
                throw new SwarmDriverException("Node " + name + " timed out while draining its tasks");
            }
            pause.sleep(POLL);
        }
    }
}
