package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Moves a cluster's nodes to a new template: managers one at a time (quorum is checked before each leaves), then
 * workers {@code maxBatchSize} at a time, each drained, replaced by a host of the new template's image and flavor
 * and rejoined. A failed batch ends the upgrade there: what was replaced stays replaced, the rest is untouched.
 * Upgrading a default nodegroup upgrades every default nodegroup (the cluster moves to the template); another
 * nodegroup is only re-imaged to the cluster's own template, as Magnum allows.
 */
final class RollingUpgrade {
    private final ClusterJob job;
    private final NodeReplacement replacement;

    RollingUpgrade(ClusterJob job, NodeReplacement replacement) {
        this.job = job;
        this.replacement = replacement;
    }

    void run(ClusterTemplate target, int maxBatchSize, String nodegroupId) throws Exception {
        List<NodeGroup> groups = job.nodegroups();
        NodeGroup asked = groups.stream().filter(g -> g.uuid.equals(nodegroupId)).findFirst()
                .orElseThrow(() -> new SwarmDriverException("Nodegroup " + nodegroupId + " is not part of cluster "
                        + job.cluster().uuid + " any more; upgrade one of its nodegroups"));
        Map<String, NodeGroup> upgraded = groups.stream().filter(g -> asked.isDefault ? g.isDefault : g == asked)
                .collect(Collectors.toMap(g -> g.uuid, Function.identity()));
        Cluster cluster = job.cluster();
        ClusterTemplate current = job.template();
        List<NodeReplacement.Replacement> managers = new ArrayList<>();
        List<NodeReplacement.Replacement> workers = new ArrayList<>();
        String reason = "upgrade to template " + target.name;
        for (ClusterNode row : job.nodes()) {
            NodeGroup group = upgraded.get(row.nodegroupId);
            if (group == null || replacement.isReplaced(row)) {
                continue;
            }
            boolean manager = SwarmRoles.MANAGER.equals(row.role);
            String image = asked.isDefault ? target.imageId : NodePlan.imageOf(group, current);
            String flavor = !asked.isDefault ? NodePlan.flavorOf(cluster, current, group)
                    : manager && target.masterFlavorId != null ? target.masterFlavorId : target.flavorId;
            PlannedNode successor = new PlannedNode(row.name, row.role, row.nodegroupId, image, flavor, false);
            (manager ? managers : workers).add(new NodeReplacement.Replacement(successor, reason));
        }
        job.event("upgrade_started", (managers.size() + workers.size()) + " nodes to replace for " + reason
                + ": managers one at a time, then workers " + maxBatchSize + " at a time");
        for (NodeReplacement.Replacement manager : managers) {
            replacement.replace(List.of(manager), true);
        }
        for (int from = 0; from < workers.size(); from += maxBatchSize) {
            replacement.replace(workers.subList(from, Math.min(workers.size(), from + maxBatchSize)), true);
        }
    }
}
