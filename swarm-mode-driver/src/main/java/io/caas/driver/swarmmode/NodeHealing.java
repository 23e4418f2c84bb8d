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
 * Replaces nodes that stayed unhealthy by fresh hosts of their nodegroup: managers one at a time (each only while
 * the other managers hold a quorum), then all the workers at once. No drain: the nodes are down and swarm already
 * rescheduled their tasks. A node gone from the record meanwhile (a resize removed it) is skipped.
 */
final class NodeHealing {
    private final ClusterJob job;
    private final NodeReplacement replacement;

    NodeHealing(ClusterJob job, NodeReplacement replacement) {
        this.job = job;
        this.replacement = replacement;
    }

    void run(List<String> nodeNames, String reason) throws Exception {
        Cluster cluster = job.cluster();
        ClusterTemplate template = job.template();
        Map<String, NodeGroup> groups = job.nodegroups().stream().collect(Collectors.toMap(g -> g.uuid, Function.identity()));
        List<NodeReplacement.Replacement> managers = new ArrayList<>();
        List<NodeReplacement.Replacement> workers = new ArrayList<>();
        for (ClusterNode row : job.nodes()) {
            NodeGroup group = groups.get(row.nodegroupId);
            if (!nodeNames.contains(row.name) || group == null || replacement.isReplaced(row)) {
                continue;
            }
            PlannedNode successor = new PlannedNode(row.name, row.role, row.nodegroupId, NodePlan.imageOf(group, template),
                    NodePlan.flavorOf(cluster, template, group), false);
            (successor.isManager() ? managers : workers).add(new NodeReplacement.Replacement(successor, reason));
        }
        for (NodeReplacement.Replacement manager : managers) {
            replacement.replace(List.of(manager), false);
        }
        if (!workers.isEmpty()) {
            replacement.replace(workers, false);
        }
    }
}
