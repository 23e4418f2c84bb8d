package io.caas.core.spi;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a driver works with while it carries out one operation on one cluster. The conductor holds the
 * cluster's lease for the job's whole life; every write goes through here so it is versioned and logged
 * with the operation's request id.
 */
public interface ClusterJob {
    ClusterOperation operation();

    /** A fresh copy of the cluster row. */
    Cluster cluster();

    ClusterTemplate template();

    /** Another template by uuid (an upgrade's target), or empty when it was deleted. */
    java.util.Optional<ClusterTemplate> template(String uuid);

    List<NodeGroup> nodegroups();

    Provider provider();

    /** Applies a change to the cluster row in its own versioned transaction and returns the saved copy. */
    Cluster updateCluster(Consumer<Cluster> change);

    /** The cluster's node rows as they are now: what a driver (or a recovering one) knows it already did. */
    List<ClusterNode> nodes();

    /**
     * Applies a change to the node row called {@code nodeName}, creating it (with a fresh uuid and this cluster's
     * id) when there is none, in its own transaction; how a driver records each node's progress.
     */
    ClusterNode updateNode(String nodeName, Consumer<ClusterNode> change);

    /** Deletes the node row called {@code nodeName}, once its host is gone; no-op when there is none. */
    void removeNode(String nodeName);

    /**
     * A caas-side service the conductor wires for drivers (the cluster CA, the node bootstrap endpoint...), looked
     * up by the interface the driver declares. Throws {@link IllegalStateException} naming the type when the
     * conductor has none, which is a wiring bug, not a tenant error.
     */
    <T> T service(Class<T> type);

    /** Records a lifecycle event the tenant can read (created, joined, failed...). */
    void event(String kind, String message);

    /**
     * True once the job must stop: it ran past the cluster's create_timeout, or this conductor lost the
     * cluster's lease. Drivers check it between steps and throw with what they were doing.
     */
    boolean shouldStop();
}
