package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on a swarm from what its managers said: each node caas records as READY (or FAILED) against swarm's
 * GET /nodes. A node is UNHEALTHY when it failed, is locked, is missing from the swarm, is not ready, or is a manager
 * not reachable in the raft; UNKNOWN when swarm sees it fine but its engine does not answer caas. Quorum is at risk
 * when the reachable managers are fewer than all of them but no more than a quorum: one more loss stops the swarm.
 *
 * <p>health_status_reason keeps Magnum's shape: {"api": "ok", "&lt;node&gt;.Ready": "True"|"False"}, plus
 * "&lt;node&gt;.Reason" for a node that is not Ready and "quorum" when it is at risk.
 */
final class SwarmHealthJudgement {
    private SwarmHealthJudgement() {
    }

    /**
     * @param engineProblems why a manager's engine did not answer, by node name
     * @param locked         what happened to a manager found locked, by node name
     */
    static HealthReport judge(List<ClusterNode> rows, List<SwarmNode> swarmNodes, Map<String, String> engineProblems,
                               Map<String, String> locked) {
        Map<String, SwarmNode> byId = new HashMap<>();
        Map<String, SwarmNode> byName = new HashMap<>();
        for (SwarmNode node : swarmNodes) {
            byId.put(node.id(), node);
            if (!node.caasName().isEmpty()) {
                byName.putIfAbsent(node.caasName(), node);
            }
        }
        Map<String, NodeHealth> nodes = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("api", "ok");
        int managers = 0;
        int reachable = 0;
        for (ClusterNode row : rows) {
            if (!"READY".equals(row.state) && !"FAILED".equals(row.state)) {
                continue; // still being built or removed: an operation's business, not health's
            }
            SwarmNode node = Optional.ofNullable(row.swarmNodeId).map(byId::get).orElse(byName.get(row.name));
            boolean manager = SwarmRoles.MANAGER.equals(row.role);
            if (manager && "READY".equals(row.state)) {
                managers++;
                if (node != null && "reachable".equals(node.reachability())) {
                    reachable++;
                }
            }
            NodeHealth health = judgeNode(row, node, engineProblems.get(row.name), locked.get(row.name));
            nodes.put(row.name, health);
            reasons.put(row.name + ".Ready", health.status() == Status.HEALTHY ? "True" : "False");
            if (health.reason() != null) {
                reasons.put(row.name + ".Reason", health.reason());
            }
        }
        int quorum = managers / 2 + 1;
        boolean quorumAtRisk = reachable < managers && reachable <= quorum;
        if (quorumAtRisk) {
            reasons.put("quorum", (reachable < quorum ? "lost: " : "at risk: ") + reachable + " of " + managers
                    + " managers reachable, quorum is " + quorum);
        }
        Status status = quorumAtRisk || nodes.values().stream().anyMatch(n -> n.status() == Status.UNHEALTHY)
                ? Status.UNHEALTHY
                : nodes.values().stream().anyMatch(n -> n.status() == Status.UNKNOWN) ? Status.UNKNOWN : Status.HEALTHY;
        return new HealthReport(status, reasons, nodes);
    }

    private static NodeHealth judgeNode(ClusterNode row, SwarmNode node, String engineProblem, String locked) {
        if ("FAILED".equals(row.state)) {
            return new NodeHealth(Status.UNHEALTHY, "failed: " + row.message);
        }
        if (locked != null) {
            return new NodeHealth(Status.UNHEALTHY, locked);
        }
        if (node == null) {
            return new NodeHealth(Status.UNHEALTHY, "not in the swarm");
        }
        List<String> problems = new ArrayList<>();
        if (!"ready".equals(node.state())) {
            problems.add("node is " + node.state());
        }
        if (node.isManager() && !"reachable".equals(node.reachability())) {
            problems.add("manager " + (node.reachability().isEmpty() ? "not in the raft" : node.reachability()));
        }
        if (!problems.isEmpty()) {
            return new NodeHealth(Status.UNHEALTHY, String.join(", ", problems));
        }
        if (engineProblem != null) {
            return new NodeHealth(Status.UNKNOWN, engineProblem);
        }
        return NodeHealth.healthy();
    }

}
