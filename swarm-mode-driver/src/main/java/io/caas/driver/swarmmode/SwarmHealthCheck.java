package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A swarm's health in one O(nodes) pass: each manager's engine is asked for its own state (one GET /info each), a
 * manager that answers and runs the swarm is asked for every node (one GET /nodes), and each node the cluster
 * records as READY is judged from that: down, manager unreachable, not in the swarm. A manager whose engine answers
 * but whose swarm is locked (autolock, after a restart) is unlocked with the escrowed key. Quorum is at risk when
 * the reachable managers are fewer than all of them but no more than a quorum: one more loss stops the swarm.
 *
 * <p>health_status_reason keeps Magnum's shape: {"api": "ok", "&lt;node&gt;.Ready": "True"|"False"}, plus
 * "&lt;node&gt;.Reason" for a node that is not Ready and "quorum" when it is at risk.
 */
final class SwarmHealthCheck {
    /** A dead host must not hold up the check for long; a live engine answers these calls in milliseconds. */
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterView view;
    private final int enginePort;

    SwarmHealthCheck(ClusterView view) {
        this.view = view;
        this.enginePort = view.template() == null ? ClusterConvergence.DEFAULT_ENGINE_PORT
                : Objects.requireNonNullElse(view.template().apiserverPort, ClusterConvergence.DEFAULT_ENGINE_PORT);
    }

    HealthReport check() {
        String clusterUuid = view.cluster().uuid;
        List<ClusterNode> rows = view.nodes().stream().filter(n -> "READY".equals(n.state) || "FAILED".equals(n.state))
                .toList();
        List<ClusterNode> managers = rows.stream()
                .filter(n -> SwarmRoles.MANAGER.equals(n.role) && "READY".equals(n.state) && n.address != null).toList();
        if (managers.isEmpty()) {
            return HealthReport.unknown("no manager of this cluster is READY yet");
        }
        ClusterPki pki = view.service(ClusterPki.class);
        String rootPem = pki.rootCertificate(clusterUuid);
        PemCredentials credentials = pki.conductorCredentials(clusterUuid);

        Map<String, String> engineProblems = new HashMap<>();
        Map<String, String> locked = new HashMap<>();
        EngineClient leaderView = null;
        for (ClusterNode manager : managers) {
            EngineClient engine = EngineClient.connect(manager.address + ":" + enginePort, credentials, rootPem,
                    ENGINE_TIMEOUT);
            try {
                JsonNode swarm = engine.info().path("Swarm");
                String state = swarm.path("LocalNodeState").asText("");
                if ("locked".equals(state)) {
                    locked.put(manager.name, unlock(manager, engine));
                } else if (leaderView == null && "active".equals(state) && swarm.path("ControlAvailable").asBoolean()) {
                    leaderView = engine;
                }
            } catch (EngineApiException e) {
                engineProblems.put(manager.name, "engine unreachable: " + e.getMessage());
            }
        }
        if (leaderView == null) {
            Map<String, NodeHealth> nodes = new LinkedHashMap<>();
            managers.forEach(m -> nodes.put(m.name, locked.containsKey(m.name)
                    ? new NodeHealth(Status.UNHEALTHY, locked.get(m.name))
                    : new NodeHealth(Status.UNKNOWN, engineProblems.getOrDefault(m.name, "swarm is not active here"))));
            Status status = locked.isEmpty() ? Status.UNKNOWN : Status.UNHEALTHY;
            return new HealthReport(status, Map.of("api", "no manager's Engine API answers with an active swarm: "
                    + String.join("; ", engineProblems.values())), nodes);
        }
        List<SwarmNode> swarmNodes;
        try {
            swarmNodes = leaderView.nodes();
        } catch (EngineApiException e) {
            return HealthReport.unknown(e.getMessage());
        }
        return judge(rows, swarmNodes, engineProblems, locked);
    }

    private HealthReport judge(List<ClusterNode> rows, List<SwarmNode> swarmNodes, Map<String, String> engineProblems,
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
        if (!"ready".equals(node.state())) {
            return new NodeHealth(Status.UNHEALTHY, "node is " + node.state());
        }
        if (node.isManager() && !"reachable".equals(node.reachability())) {
            return new NodeHealth(Status.UNHEALTHY, "manager " + (node.reachability().isEmpty() ? "not in the raft"
                    : node.reachability()));
        }
        if (engineProblem != null) {
            return new NodeHealth(Status.UNKNOWN, engineProblem);
        }
        return NodeHealth.healthy();
    }

    /** Gives a locked manager its key (the current one, else the one before the last rotation); says what happened. */
    private String unlock(ClusterNode manager, EngineClient engine) {
        String clusterUuid = view.cluster().uuid;
        List<String> keys = SwarmAutolock.requested(view.cluster())
                ? view.service(UnlockKeys.class).keys(clusterUuid) : List.of();
        if (keys.isEmpty()) {
            return "manager is locked and caas holds no unlock key; unlock it with docker swarm unlock";
        }
        List<String> refused = new ArrayList<>();
        for (String key : keys) {
            try {
                engine.unlock(key);
                view.event("manager_unlocked", manager.name + " was locked after a restart; caas unlocked it");
                return "manager was locked; caas unlocked it";
            } catch (EngineApiException e) {
                refused.add(e.getMessage());
            }
        }
        return "manager is locked and refused the escrowed unlock keys: " + String.join("; ", refused);
    }
}
