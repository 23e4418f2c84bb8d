package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterOperation;
import io.caas.core.persistence.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every accepted operation reach a terminal state. Operations still PENDING a while after they were
 * accepted (the broker was down, or the cluster was busy) are published again; operations RUNNING on a
 * cluster whose lease ran out (their conductor died) are recovered here. Every conductor sweeps; the leases
 * make sure only one of them acts on a cluster.
 */
final class OperationSweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OperationSweeper.class);

    private final Database database;
    private final ClusterLeases leases;
    private final OperationRunner runner;
    private final Consumer<ClusterOperation> publisher;
    private final Duration republishAfter;

    OperationSweeper(Database database, ClusterLeases leases, OperationRunner runner,
                     Consumer<ClusterOperation> publisher, Duration republishAfter) {
        this.database = database;
        this.leases = leases;
        this.runner = runner;
        this.publisher = publisher;
        this.republishAfter = republishAfter;
    }

    @Override
    public void run() {
        try {
            republishStalePending();
            recoverAbandonedRunning();
        } catch (RuntimeException e) {
            // the database or the broker may be restarting; the next sweep tries again
            LOG.warn("event=sweep_failed error=\"{}\"", e.getMessage());
        }
    }

    private void republishStalePending() {
        Instant cutoff = Instant.now().minus(republishAfter);
        List<ClusterOperation> stale = database.transaction(s -> s.createQuery(
                        "from ClusterOperation where state = :p and updatedAt < :cutoff order by id", ClusterOperation.class)
                .setParameter("p", ClusterOperation.State.PENDING).setParameter("cutoff", cutoff)
                .setMaxResults(100).list());
        for (ClusterOperation op : stale) {
            database.execute(s -> s.createMutationQuery(
                            "update ClusterOperation set updatedAt = :now where uuid = :u and state = :p")
                    .setParameter("now", Instant.now()).setParameter("u", op.uuid)
                    .setParameter("p", ClusterOperation.State.PENDING).executeUpdate());
            publisher.accept(op);
            LOG.info("event=operation_republished operation={} cluster={}", op.uuid, op.clusterId);
        }
    }

    private void recoverAbandonedRunning() {
        Instant now = Instant.now();
        List<ClusterOperation> running = database.transaction(s -> s.createQuery(
                        "from ClusterOperation where state = :r order by id", ClusterOperation.class)
                .setParameter("r", ClusterOperation.State.RUNNING).setMaxResults(100).list());
        for (ClusterOperation op : running) {
            Cluster cluster = database.transaction(s -> LeasedClusterJob.findCluster(s, op.clusterId));
            if (cluster == null || leases.isAbandoned(cluster, now)) {
                LOG.info("event=operation_recovering operation={} cluster={} previous_conductor={}",
                        op.uuid, op.clusterId, cluster == null ? "-" : cluster.conductor);
                runner.recover(op.uuid, op.requestId);
            }
        }
    }
}
