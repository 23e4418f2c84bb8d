package io.caas.conductor.health;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cluster as a health check sees it: read-only rows, the provider, the conductor's services, events. */
final class HealthView implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(HealthView.class);

    private final Database database;
    private final Cluster cluster;
    private final ClusterTemplate template;
    private final Provider provider;
    private final Map<Class<?>, Object> services;
    private final String requestId;

    HealthView(Database database, Cluster cluster, ClusterTemplate template, Provider provider,
               Map<Class<?>, Object> services, String requestId) {
        this.database = database;
        this.cluster = cluster;
        this.template = template;
        this.provider = provider;
        this.services = services;
        this.requestId = requestId;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public ClusterTemplate template() {
        return template;
    }

    @Override
    public List<ClusterNode> nodes() {
        return database.transaction(s -> s.createQuery("from ClusterNode where clusterId = :u order by id", ClusterNode.class)
                .setParameter("u", cluster.uuid).list());
    }

    @Override
    public Provider provider() {
        return provider;
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
        record(database, cluster.uuid, requestId, kind, message);
    }

    static void record(Database database, String clusterId, String requestId, String kind, String message) {
        LOG.info("event=cluster_{} cluster={} message=\"{}\"", kind, clusterId, message);
        database.execute(session -> {
            ClusterEvent event = new ClusterEvent();
            event.clusterId = clusterId;
            event.kind = kind;
            event.message = message;
            event.requestId = requestId;
            event.createdAt = Instant.now();
            session.persist(event);
        });
    }
}
