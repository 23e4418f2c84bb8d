package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.ReplacementArguments;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.DriverKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker Swarm mode with the cluster CA as swarm's external CA. Nodes bootstrap themselves (swarm-node.sh) against
 * the caas API; the conductor side only launches hosts and watches the swarm through the Engine API over mutual
 * TLS. Create, resize and recover all converge the cluster to its nodegroups (ClusterConvergence); upgrade and
 * heal replace nodes in place (NodeReplacement).
 */
public final class SwarmModeDriver implements ClusterDriver {
    private static final String COE = "swarm-mode";
    private final UserDataRenderer renderer = new UserDataRenderer();

    @Override
    public Set<DriverKey> provides() {
        return Set.of(new DriverKey("vm", "debian", COE), new DriverKey("vm", "fedora-atomic", COE));
    }

    @Override
    public void create(ClusterJob job) throws Exception {
        new ClusterConvergence(job, renderer, Pause.SLEEP).converge(Map.of(), List.of());
    }

    @Override
    public void resize(ClusterJob job, String nodegroupId, int nodeCount, List<String> nodesToRemove) throws Exception {
        NodeGroup group = job.nodegroups().stream().filter(g -> g.uuid.equals(nodegroupId)).findFirst()
                .orElseThrow(() -> new SwarmDriverException("Nodegroup " + nodegroupId + " is not part of cluster "
                        + job.cluster().uuid + "; list the cluster's nodegroups and resize one of them"));
        if ("master".equals(group.role)) {
            throw new SwarmDriverException("Resizing the master nodegroup " + group.name + " is not supported;"
                    + " resize a worker nodegroup");
        }
        new ClusterConvergence(job, renderer, Pause.SLEEP).converge(Map.of(nodegroupId, nodeCount), nodesToRemove);
    }

    @Override
    public void delete(ClusterJob job) throws Exception {
        String clusterUuid = job.cluster().uuid;
        job.provider().deleteCluster(clusterUuid);
        SwarmServices.of(job).joinTokens().forget(clusterUuid);
        job.nodes().forEach(node -> job.removeNode(node.name));
    }

    @Override
    public HealthReport health(ClusterView view) {
        return new SwarmHealthCheck(view).check();
    }

    @Override
    public void rotateUnlockKey(ClusterJob job) throws Exception {
        if (!SwarmAutolock.requested(job.cluster())) {
            throw new SwarmDriverException("Cluster " + job.cluster().uuid + " has no autolock; create it with the label"
                    + " autolock=true to have an unlock key");
        }
        SwarmAutolock.rotate(job, ManagerEngines.anyActive(job));
    }

    @Override
    public void upgrade(ClusterJob job, ClusterTemplate target, int maxBatchSize, String nodegroupId) throws Exception {
        new RollingUpgrade(job, new NodeReplacement(job, renderer, Pause.SLEEP)).run(target, maxBatchSize, nodegroupId);
    }

    @Override
    public void heal(ClusterJob job, List<String> nodeNames, String reason) throws Exception {
        new NodeHealing(job, new NodeReplacement(job, renderer, Pause.SLEEP)).run(nodeNames, reason);
    }

    @Override
    public void rotateCa(ClusterJob job) throws Exception {
        new CaRotation(job, Pause.SLEEP).rotate();
    }

    @Override
    public void rotateJoinTokens(ClusterJob job, String role) throws Exception {
        new JoinTokenRotation(job).rotate(role);
    }

    /**
     * Create and resize are convergent, replacements resumable and rotations read where the cluster is, so finishing
     * one a dead conductor left is running it again.
     */
    @Override
    public void recover(ClusterJob job) throws Exception {
        switch (ClusterAction.fromWireName(job.operation().action)) {
            // the nodegroups' counts on record are the target, so converging again finishes any of these
            case CREATE, RESIZE, CREATE_NODEGROUP, DELETE_NODEGROUP -> create(job);
            case DELETE -> delete(job);
            // replacements skip the nodes this operation already replaced, so running them again finishes them
            case UPGRADE -> {
                ReplacementArguments.Upgrade upgrade = ReplacementArguments.upgrade(job.operation());
                upgrade(job, job.template(upgrade.clusterTemplate()).orElseThrow(() -> new SwarmDriverException(
                        "Cluster template " + upgrade.clusterTemplate() + " was deleted during the upgrade; upgrade"
                                + " again to an existing template")), upgrade.maxBatchSize(), upgrade.nodegroup());
            }
            case HEAL -> {
                ReplacementArguments.Heal heal = ReplacementArguments.heal(job.operation());
                heal(job, heal.nodes(), heal.reason());
            }
            // a rotation reads where the swarm and the engines are and carries on from there
            case ROTATE_CA -> rotateCa(job);
            // rotating again is harmless: what matters is that the tokens from before the request are refused
            case ROTATE_JOIN_TOKENS -> rotateJoinTokens(job, roleOf(job));
            case UPDATE, UPDATE_NODEGROUP -> { }
            // a second rotation is as good as the first: the key escrowed is whatever swarm has at the end
            case ROTATE_UNLOCK_KEY -> rotateUnlockKey(job);
            default -> throw new SwarmDriverException("The swarm-mode driver cannot recover a '"
                    + job.operation().action + "' operation; retry the operation");
        }
    }

    private static String roleOf(ClusterJob job) throws java.io.IOException {
        String text = job.operation().arguments;
        return text == null ? "both" : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).path("role")
                .asText("both");
    }
}
