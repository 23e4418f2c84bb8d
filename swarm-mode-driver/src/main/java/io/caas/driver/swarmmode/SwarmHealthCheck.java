package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A swarm's health in one O(nodes) pass: each manager's engine is asked for its own state (one GET /info each), a
 * manager that answers and runs the swarm is asked for every node (one GET /nodes), and each node the cluster
 * records as READY is judged from that: down, manager unreachable, not in the swarm. A manager whose engine answers
 * but whose swarm is locked (autolock, after a restart) is unlocked with the escrowed key; the verdict is
 * {@link SwarmHealthJudgement}'s.
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
        List<ClusterNode> rows = view.nodes();
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
            String why = nodes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().reason())
                    .collect(Collectors.joining("; "));
            return new HealthReport(status, Map.of("api", "no manager's Engine API answers with an active swarm: " + why),
                    nodes);
        }
        List<SwarmNode> swarmNodes;
        try {
            swarmNodes = leaderView.nodes();
        } catch (EngineApiException e) {
            return HealthReport.unknown(e.getMessage());
        }
        return SwarmHealthJudgement.judge(rows, swarmNodes, engineProblems, locked);
    }

    private String unlock(ClusterNode manager, EngineClient engine) {
        SwarmAutolock.Unlock outcome = SwarmAutolock.unlock(view.cluster(), view.service(UnlockKeys.class), engine);
        if (outcome.unlocked()) {
            view.event("manager_unlocked", manager.name + " was locked after a restart; caas unlocked it");
        }
        return outcome.reason();
    }
}
