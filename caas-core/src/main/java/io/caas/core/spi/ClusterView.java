package io.caas.core.spi;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import java.util.List;

/**
 * What a driver sees of a cluster between operations, for a health check: the rows as they are, the provider, the
 * conductor's services, and a way to record an event. No lease is held, so a driver changes nothing on record here
 * (the conductor writes what the {@link HealthReport} says); it may act on the cluster's own hosts where that
 * restores what the tenant asked for (unlocking a restarted swarm manager).
 */
public interface ClusterView {
    Cluster cluster();

    ClusterTemplate template();

    List<ClusterNode> nodes();

    Provider provider();

    /** The same services a {@link ClusterJob} offers; see {@link ClusterJob#service}. */
    <T> T service(Class<T> type);

    /** Records a lifecycle event the tenant can read. */
    void event(String kind, String message);
}
