package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePlanTest {
    private final Cluster cluster = cluster("Prod Cluster!");
    private final ClusterTemplate template = template();
    private final NodeGroup masters = FakeCaas.nodeGroup("ng-m", "default-master", "master", 3, true);
    private final NodeGroup workers = FakeCaas.nodeGroup("ng-w", "default-worker", "worker", 2, true);

    @Test
    void aNewClusterGetsNamedNodesAndOneInitialisingManager() {
        NodePlan plan = NodePlan.of(cluster, template, List.of(masters, workers), Map.of(), List.of(), List.of());

        assertThat(plan.keep()).extracting(PlannedNode::name).containsExactly(
                "prod-cluster-default-master-0", "prod-cluster-default-master-1", "prod-cluster-default-master-2",
                "prod-cluster-default-worker-0", "prod-cluster-default-worker-1");
        assertThat(plan.firstManager().name()).isEqualTo("prod-cluster-default-master-0");
        assertThat(plan.keep()).filteredOn(PlannedNode::initializesSwarm).hasSize(1);
        assertThat(plan.managers()).allMatch(n -> n.flavor().equals("m1.master"));
        assertThat(plan.keep()).filteredOn(n -> !n.isManager()).allMatch(n -> n.flavor().equals("m1.small"));
        assertThat(plan.retire()).isEmpty();
    }

    @Test
    void shrinkingRemovesTheNamedNodeAndKeepsTheOthers() {
        workers.nodeCount = 3;
        List<ClusterNode> recorded = recorded(3);

        NodePlan plan = NodePlan.of(cluster, template, List.of(masters, workers), Map.of("ng-w", 2), recorded,
                List.of("prod-cluster-default-worker-1"));

        assertThat(plan.keep()).extracting(PlannedNode::name)
                .contains("prod-cluster-default-worker-0", "prod-cluster-default-worker-2")
                .doesNotContain("prod-cluster-default-worker-1");
        assertThat(plan.retire()).extracting(n -> n.name).containsExactly("prod-cluster-default-worker-1");
    }

    @Test
    void shrinkingWithoutNamesDropsTheHighestIndex() {
        NodePlan plan = NodePlan.of(cluster, template, List.of(masters, workers), Map.of("ng-w", 1), recorded(3),
                List.of());

        assertThat(plan.retire()).extracting(n -> n.name)
                .containsExactlyInAnyOrder("prod-cluster-default-worker-2", "prod-cluster-default-worker-1");
    }

    @Test
    void growingFillsTheLowestFreeIndexAndNodesMarkedDeletingStayGone() {
        List<ClusterNode> recorded = recorded(3);
        recorded.get(3 + 1).state = NodePlan.DELETING;

        NodePlan plan = NodePlan.of(cluster, template, List.of(masters, workers), Map.of("ng-w", 4), recorded,
                List.of());

        assertThat(plan.retire()).extracting(n -> n.name).containsExactly("prod-cluster-default-worker-1");
        assertThat(plan.keep()).filteredOn(n -> !n.isManager()).extracting(PlannedNode::name).containsExactly(
                "prod-cluster-default-worker-0", "prod-cluster-default-worker-2", "prod-cluster-default-worker-3",
                "prod-cluster-default-worker-4");
    }

    @Test
    void aClusterWithoutMastersCannotBePlanned() {
        masters.nodeCount = 0;

        assertThatThrownBy(() -> NodePlan.of(cluster, template, List.of(masters, workers), Map.of(), List.of(), List.of()))
                .hasMessageContaining("needs exactly one default master nodegroup");
    }

    private List<ClusterNode> recorded(int workerCount) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(node("prod-cluster-default-master-" + i, "ng-m", "manager"));
        }
        for (int i = 0; i < workerCount; i++) {
            nodes.add(node("prod-cluster-default-worker-" + i, "ng-w", "worker"));
        }
        return nodes;
    }

    private static ClusterNode node(String name, String nodegroupId, String role) {
        ClusterNode node = new ClusterNode();
        node.name = name;
        node.uuid = "uuid-" + name;
        node.nodegroupId = nodegroupId;
        node.role = role;
        node.state = "READY";
        return node;
    }

    private static Cluster cluster(String name) {
        Cluster cluster = new Cluster();
        cluster.uuid = "3f1c2a9e-5b7d-4c1e-9a2b-0d6e8f7a1b2c";
        cluster.name = name;
        return cluster;
    }

    private static ClusterTemplate template() {
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian-12";
        template.flavorId = "m1.small";
        template.masterFlavorId = "m1.master";
        return template;
    }
}
