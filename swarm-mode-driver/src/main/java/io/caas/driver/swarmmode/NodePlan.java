package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which nodes a cluster should have, from its nodegroups' counts and the nodes already on record: existing nodes
 * are kept (so a recovering conductor reuses what a dead one made), nodes marked DELETING or asked to go are
 * dropped, a shrinking group loses its highest indices, a growing one fills the lowest indices no recorded
 * node holds (a node still being retired keeps its name to itself). The first
 * manager (index 0 of the master group) is the one that inits the swarm.
 */
record NodePlan(List<PlannedNode> keep, List<ClusterNode> retire) {
    static final String DELETING = "DELETING";

    static NodePlan of(Cluster cluster, ClusterTemplate template, List<NodeGroup> nodegroups,
                       Map<String, Integer> countOverrides, List<ClusterNode> recorded, Collection<String> toRemove) {
        List<PlannedNode> keep = new ArrayList<>();
        List<ClusterNode> retire = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeGroup group : nodegroups) {
            String role = SwarmRoles.ofNodegroupRole(group.role);
            String prefix = NodeNames.prefix(cluster.name, group.name);
            int wanted = countOverrides.getOrDefault(group.uuid, group.nodeCount);
            TreeSet<Integer> staying = new TreeSet<>();
            Set<Integer> taken = new HashSet<>();
            for (ClusterNode node : recorded) {
                if (!group.uuid.equals(node.nodegroupId)) {
                    continue;
                }
                boolean leaving = DELETING.equals(node.state) || toRemove.contains(node.name)
                        || toRemove.contains(node.uuid) || (node.hostId != null && toRemove.contains(node.hostId))
                        || (node.swarmNodeId != null && toRemove.contains(node.swarmNodeId));
                var index = NodeNames.index(prefix, node.name);
                index.ifPresent(taken::add);
                if (leaving || index.isEmpty()) {
                    retire.add(node);
                } else {
                    staying.add(index.getAsInt());
                }
            }
            while (staying.size() > wanted) {
                int last = staying.pollLast();
                recorded.stream().filter(n -> NodeNames.name(prefix, last).equals(n.name)).forEach(retire::add);
            }
            for (int index = 0; staying.size() < wanted; index++) {
                if (!taken.contains(index)) {
                    staying.add(index);
                }
            }
            String image = imageOf(group, template);
            String flavor = flavorOf(cluster, template, group);
            for (int index : staying) {
                String name = NodeNames.name(prefix, index);
                if (!names.add(name)) {
                    throw new IllegalArgumentException("Two nodegroups of cluster " + cluster.uuid
                            + " give the node name " + name + "; rename one of the nodegroups");
                }
                boolean inits = SwarmRoles.MANAGER.equals(role) && group.isDefault && index == 0;
                keep.add(new PlannedNode(name, role, group.uuid, image, flavor, inits));
            }
        }
        if (keep.stream().filter(PlannedNode::initializesSwarm).count() != 1) {
            throw new IllegalArgumentException("Cluster " + cluster.uuid + " needs exactly one default master"
                    + " nodegroup with at least one node; check its nodegroups");
        }
        return new NodePlan(List.copyOf(keep), List.copyOf(retire));
    }

    /** The image a node of {@code group} boots: the nodegroup's own, else the template's. */
    static String imageOf(NodeGroup group, ClusterTemplate template) {
        return group.imageId != null ? group.imageId : template.imageId;
    }

    /** The flavor of a node of {@code group}: the nodegroup's own, else the cluster's or template's for its role. */
    static String flavorOf(Cluster cluster, ClusterTemplate template, NodeGroup group) {
        return group.flavorId != null ? group.flavorId : "master".equals(group.role)
                ? firstNonNull(cluster.masterFlavorId, template.masterFlavorId, template.flavorId)
                : firstNonNull(cluster.flavorId, template.flavorId);
    }

    PlannedNode firstManager() {
        return keep.stream().filter(PlannedNode::initializesSwarm).findFirst().orElseThrow();
    }

    List<PlannedNode> managers() {
        return keep.stream().filter(PlannedNode::isManager).toList();
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
