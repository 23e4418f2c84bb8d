package io.caas.core.spi;

import io.caas.core.model.Cluster;
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

    List<NodeGroup> nodegroups();

    Provider provider();

    /** Applies a change to the cluster row in its own versioned transaction and returns the saved copy. */
    Cluster updateCluster(Consumer<Cluster> change);

    /** Records a lifecycle event the tenant can read (created, joined, failed...). */
    void event(String kind, String message);

    /**
     * True once the job must stop: it ran past the cluster's create_timeout, or this conductor lost the
     * cluster's lease. Drivers check it between steps and throw with what they were doing.
     */
    boolean shouldStop();
}
