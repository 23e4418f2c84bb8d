package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ReplacementArguments;
import io.caas.core.persistence.Database;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.StaleStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-heal's trigger, run periodically by every conductor: one query finds the nodes UNHEALTHY for longer than
 * the grace period in settled clusters with no open operation, and for each cluster whose auto_healing_enabled
 * label is true a heal operation is recorded (the cluster goes UPDATE_IN_PROGRESS in the same versioned write, so
 * of several conductors only one records it) and published. From there it is an operation like any other: leased,
 * run by the driver, recovered if its conductor dies.
 *
 * <p>Clusters whose last operation failed are left alone: replacing nodes again and again behind a failure nobody
 * looked at would hide it.
 */
final class AutoHealPass implements Runnable {
    static final String LABEL = "auto_healing_enabled";
    private static final Logger LOG = LoggerFactory.getLogger(AutoHealPass.class);
    private static final Set<ClusterStatus> SETTLED = Set.of(ClusterStatus.CREATE_COMPLETE, ClusterStatus.UPDATE_COMPLETE);
    private static final List<ClusterOperation.State> OPEN = List.of(ClusterOperation.State.PENDING,
            ClusterOperation.State.RUNNING);

    private final Database database;
    private final Duration grace;
    private final Consumer<ClusterOperation> publisher;

    AutoHealPass(Database database, Duration grace, Consumer<ClusterOperation> publisher) {
        this.database = database;
        this.grace = grace;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        try {
            candidates().forEach(this::recordHeal);
        } catch (RuntimeException e) {
            // the database may be restarting; the next pass looks again
            LOG.warn("event=auto_heal_pass_failed error=\"{}\"", e.getMessage());
        }
    }

    /** Cluster uuid to its nodes past the grace period (name to health reason), from one query. */
    Map<String, Map<String, String>> candidates() {
        Instant cutoff = Instant.now().minus(grace);
        List<Object[]> rows = database.transaction(s -> s.createQuery(
                        "select n.clusterId, n.name, n.healthReason, c.labels from ClusterNode n, Cluster c"
                                + " where c.uuid = n.clusterId and n.healthStatus = 'UNHEALTHY' and n.unhealthySince < :cutoff"
                                + " and c.status in (:settled) and not exists (select o.id from ClusterOperation o"
                                + " where o.clusterId = c.uuid and o.state in (:open)) order by n.clusterId, n.name",
                        Object[].class)
                .setParameter("cutoff", cutoff).setParameterList("settled", SETTLED).setParameterList("open", OPEN)
                .list());
        Map<String, Map<String, String>> byCluster = new LinkedHashMap<>();
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) row[3];
            if (labels != null && "true".equalsIgnoreCase(String.valueOf(labels.get(LABEL)).strip())) {
                byCluster.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>())
                        .put((String) row[1], row[2] == null ? "unhealthy" : (String) row[2]);
            }
        }
        return byCluster;
    }

    private void recordHeal(String clusterId, Map<String, String> nodes) {
        String reason = "unhealthy for more than " + grace.toSeconds() + " s ("
                + String.join("; ", nodes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")";
        ClusterOperation op;
        try {
            op = database.transaction(s -> {
                Cluster cluster = LeasedClusterJob.findCluster(s, clusterId);
                long open = s.createQuery("select count(o) from ClusterOperation o where o.clusterId = :c and o.state in (:open)",
                        Long.class).setParameter("c", clusterId).setParameterList("open", OPEN).getSingleResult();
                if (cluster == null || !SETTLED.contains(cluster.status) || open > 0) {
                    return null;
                }
                Instant now = Instant.now();
                cluster.status = ClusterAction.HEAL.inProgress;
                cluster.statusReason = null;
                cluster.updatedAt = now;
                ClusterOperation heal = new ClusterOperation();
                heal.uuid = UUID.randomUUID().toString();
                heal.clusterId = clusterId;
                heal.action = ClusterAction.HEAL.wireName();
                heal.arguments = new ReplacementArguments.Heal(List.copyOf(nodes.keySet()), reason).toJson();
                heal.requestId = "req-" + UUID.randomUUID();
                heal.state = ClusterOperation.State.PENDING;
                heal.createdAt = now;
                heal.updatedAt = now;
                s.persist(heal);
                ClusterEvent event = new ClusterEvent();
                event.clusterId = clusterId;
                event.kind = "heal_scheduled";
                event.message = "auto-heal replaces " + String.join(", ", nodes.keySet()) + ": " + reason;
                event.requestId = heal.requestId;
                event.createdAt = now;
                s.persist(event);
                return heal;
            });
        } catch (OptimisticLockException | StaleStateException e) {
            // another conductor (or the API) wrote the cluster first; if it still needs healing, the next pass sees it
            return;
        }
        if (op != null) {
            LOG.info("event=heal_scheduled request_id={} operation={} cluster={} nodes={}", op.requestId, op.uuid,
                    clusterId, nodes.keySet());
            publisher.accept(op);
        }
    }
}
