package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster's managers as caas reaches them directly (not through the load balancer, which may still route to
 * a manager that is on its way out): the first one that answers as a manager is the one the driver talks to.
 */
final class ReachableManagers {
    /** A manager that answered, with the swarm address (host:2377) a joining node can dial. */
    record Manager(String name, EngineClient engine, String swarmAddress) {
    }

    private static final int SWARM_PORT = 2377;
    private final ClusterJob job;
    private final PemCredentials conductor;
    private final String rootPem;
    private final int enginePort;

    ReachableManagers(ClusterJob job, PemCredentials conductor, String rootPem, int enginePort) {
        this.job = job;
        this.conductor = conductor;
        this.rootPem = rootPem;
        this.enginePort = enginePort;
    }

    /** A manager outside {@code excluding} whose Engine API answers as a swarm manager. */
    Manager any(Set<String> excluding) throws SwarmDriverException {
        List<String> problems = new ArrayList<>();
        for (ClusterNode row : job.nodes()) {
            if (!SwarmRoles.MANAGER.equals(row.role) || row.address == null || excluding.contains(row.name)
                    || !"READY".equals(row.state)) {
                continue;
            }
            EngineClient engine = EngineClient.connect(row.address + ":" + enginePort, conductor, rootPem);
            try {
                engine.swarm();
                return new Manager(row.name, engine, row.address + ":" + SWARM_PORT);
            } catch (EngineApiException e) {
                problems.add(row.name + ": " + e.getMessage());
            }
        }
        throw new SwarmDriverException("No manager of cluster " + job.cluster().uuid + " answers"
                + (problems.isEmpty() ? " (none is READY)" : ": " + String.join("; ", problems))
                + "; the swarm may have lost its quorum, which caas cannot repair by itself");
    }

    /**
     * Whether the manager at {@code address} serves swarm's control API itself. Raft counts a joining manager
     * reachable a moment before its own Engine API stops answering "Manager is being prepared", so a manager goes
     * behind the tenants' load balancer only once this holds.
     */
    boolean answersAsManager(String address) {
        try {
            EngineClient.connect(address + ":" + enginePort, conductor, rootPem).nodes();
            return true;
        } catch (EngineApiException e) {
            return false;
        }
    }

    /**
     * Fails unless taking {@code leaving} out of the raft leaves a quorum of reachable managers: a healthy manager
     * goes only when every other manager is reachable, a dead one only when a majority of the rest is.
     */
    static void requireQuorumWithout(SwarmNode leaving, List<SwarmNode> swarm) throws SwarmDriverException {
        List<SwarmNode> others = swarm.stream().filter(SwarmNode::isManager)
                .filter(n -> !Objects.equals(n.id(), leaving.id())).toList();
        long reachable = others.stream().filter(n -> "reachable".equals(n.reachability())).count();
        boolean leavingReachable = "reachable".equals(leaving.reachability());
        boolean safe = leavingReachable ? reachable == others.size() : reachable * 2 > others.size();
        if (!safe || reachable == 0) {
            throw new SwarmDriverException("Replacing manager " + leaving.caasName() + " now would leave "
                    + reachable + " of " + others.size() + " other managers reachable and could lose the swarm's"
                    + " quorum; bring the unreachable managers back (or let auto-heal replace them) and retry");
        }
    }
}
