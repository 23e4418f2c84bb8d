package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.Provider;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.StaleStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ClusterJob} carried out while this conductor holds the cluster's lease. */
final class LeasedClusterJob implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedClusterJob.class);
    private static final int WRITE_ATTEMPTS = 5;

    private final Database database;
    private final ClusterOperation operation;
    private final Provider provider;
    private final Instant deadline;
    private final Map<Class<?>, Object> services;
    private final AtomicBoolean leaseLost = new AtomicBoolean();

    LeasedClusterJob(Database database, ClusterOperation operation, Provider provider, Duration timeout,
                     Map<Class<?>, Object> services) {
        this.database = database;
        this.services = services;
        this.operation = operation;
        this.provider = provider;
        this.deadline = Instant.now().plus(timeout);
    }

    void markLeaseLost() {
        leaseLost.set(true);
    }

    @Override
    public ClusterOperation operation() {
        return operation;
    }

    @Override
    public Cluster cluster() {
        return database.transaction(session -> findCluster(session, operation.clusterId));
    }

    @Override
    public ClusterTemplate template() {
        return database.transaction(session -> session.createQuery(
                        "from ClusterTemplate where uuid = (select c.clusterTemplateId from Cluster c where c.uuid = :u)",
                        ClusterTemplate.class)
                .setParameter("u", operation.clusterId).uniqueResult());
    }

    @Override
    public java.util.Optional<ClusterTemplate> template(String uuid) {
        return database.transaction(session -> session.createQuery("from ClusterTemplate where uuid = :u",
                ClusterTemplate.class).setParameter("u", uuid).uniqueResultOptional());
    }

    @Override
    public List<NodeGroup> nodegroups() {
        return database.transaction(session -> session.createQuery(
                        "from NodeGroup where clusterId = :u order by id", NodeGroup.class)
                .setParameter("u", operation.clusterId).list());
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public Cluster updateCluster(Consumer<Cluster> change) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                return database.transaction(session -> {
                    Cluster cluster = findCluster(session, operation.clusterId);
                    if (cluster == null) {
                        throw new IllegalStateException("Cluster " + operation.clusterId + " no longer exists");
                    }
                    change.accept(cluster);
                    cluster.updatedAt = Instant.now();
                    return cluster;
                });
            } catch (OptimisticLockException | StaleStateException e) {
                // the API or the lease renewer wrote the row meanwhile; apply the change to the fresh copy
                last = e;
            }
        }
        throw new IllegalStateException("Could not update cluster " + operation.clusterId + " after "
                + WRITE_ATTEMPTS + " concurrent writes", last);
    }

    @Override
    public List<ClusterNode> nodes() {
        return database.transaction(session -> session.createQuery(
                        "from ClusterNode where clusterId = :u order by id", ClusterNode.class)
                .setParameter("u", operation.clusterId).list());
    }

    @Override
    public ClusterNode updateNode(String nodeName, Consumer<ClusterNode> change) {
        return database.transaction(session -> {
            ClusterNode node = session.createQuery(
                            "from ClusterNode where clusterId = :u and name = :n", ClusterNode.class)
                    .setParameter("u", operation.clusterId).setParameter("n", nodeName).uniqueResult();
            Instant now = Instant.now();
            if (node == null) {
                node = new ClusterNode();
                node.uuid = UUID.randomUUID().toString();
                node.clusterId = operation.clusterId;
                node.name = nodeName;
                node.createdAt = now;
                session.persist(node);
            }
            change.accept(node);
            node.updatedAt = now;
            return node;
        });
    }

    @Override
    public void removeNode(String nodeName) {
        database.execute(session -> session.createMutationQuery(
                        "delete from ClusterNode where clusterId = :u and name = :n")
                .setParameter("u", operation.clusterId).setParameter("n", nodeName).executeUpdate());
    }

    @Override
    public <T> T service(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("This conductor wires no " + type.getName() + " for drivers");
        }
        return type.cast(service);
    }

    @Override
    public void event(String kind, String message) {
        LOG.info("event=cluster_{} cluster={} message=\"{}\"", kind, operation.clusterId, message);
        database.execute(session -> {
            ClusterEvent event = new ClusterEvent();
            event.clusterId = operation.clusterId;
            event.kind = kind;
            event.message = message;
            event.requestId = operation.requestId;
            event.createdAt = Instant.now();
            session.persist(event);
        });
    }

    @Override
    public boolean shouldStop() {
        return leaseLost.get() || Instant.now().isAfter(deadline);
    }

    static Cluster findCluster(Session session, String clusterId) {
        return session.createQuery("from Cluster where uuid = :u", Cluster.class)
                .setParameter("u", clusterId).uniqueResult();
    }
}
