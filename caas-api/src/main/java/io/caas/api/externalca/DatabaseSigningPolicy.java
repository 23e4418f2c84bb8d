package io.caas.api.externalca;

import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.persistence.Database;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Roles from caas's node rows. A swarm node id caas recorded answers with the role of its row. Swarm names a node
 * only as it joins, so an unknown id is taken to be the join in flight: a manager if some manager row has no swarm
 * id yet and is still bootstrapping, else a worker on the same terms, else nobody caas created. Cross-signing (swarm
 * leaving caas's root for one of its own) is allowed only while caas itself rotates the cluster's CA: that is the
 * interim step of its rotation, and at any other time it would take the swarm out of caas's hands.
 */
public final class DatabaseSigningPolicy implements SigningPolicy {
    /** Node states that are not a join in flight: done, given up, or going away. */
    private static final Set<String> NOT_JOINING = Set.of("READY", "FAILED", "DELETING");
    /** The interim root only carries the swarm from one caas root to the next, which takes a minute or two. */
    private static final Duration INTERIM_ROOT_VALIDITY = Duration.ofDays(7);

    private final Database database;

    public DatabaseSigningPolicy(Database database) {
        this.database = database;
    }

    @Override
    public Optional<SwarmRole> roleOf(String clusterUuid, String swarmNodeId) {
        List<ClusterNode> nodes = database.transaction(s -> s.createSelectionQuery(
                "from ClusterNode n where n.clusterId = :c", ClusterNode.class).setParameter("c", clusterUuid).getResultList());
        Optional<SwarmRole> recorded = nodes.stream().filter(node -> swarmNodeId.equals(node.swarmNodeId))
                .findFirst().flatMap(node -> role(node.role));
        if (recorded.isPresent()) {
            return recorded;
        }
        for (SwarmRole role : List.of(SwarmRole.MANAGER, SwarmRole.WORKER)) {
            boolean joining = nodes.stream().anyMatch(node -> node.swarmNodeId == null
                    && role(node.role).filter(role::equals).isPresent() && !NOT_JOINING.contains(node.state));
            if (joining) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Duration> crossSigningValidity(String clusterUuid) {
        long rotating = database.transaction(s -> s.createSelectionQuery("select count(*) from ClusterOperation o "
                        + "where o.clusterId = :c and o.action = :a and o.state = :running", Long.class)
                .setParameter("c", clusterUuid).setParameter("a", ClusterAction.ROTATE_CA.wireName())
                .setParameter("running", ClusterOperation.State.RUNNING).getSingleResult());
        return rotating > 0 ? Optional.of(INTERIM_ROOT_VALIDITY) : Optional.empty();
    }

    private static Optional<SwarmRole> role(String rowRole) {
        if ("manager".equals(rowRole)) {
            return Optional.of(SwarmRole.MANAGER);
        }
        return "worker".equals(rowRole) ? Optional.of(SwarmRole.WORKER) : Optional.empty();
    }
}
