package io.caas.core.spi;

import java.util.Set;

/**
 * A COE driver, found with {@link java.util.ServiceLoader} and picked by {@link #provides()}: one driver may serve
 * several keys (the same swarm-mode bootstrap runs on a local Debian host and on a Fedora Atomic VM), but a key
 * belongs to one driver only. Each method brings its operation to an end state or throws; the conductor turns a
 * throw into *_FAILED with the message as status_reason. {@link #recover} is part of the contract, as Nomad's
 * RecoverTask: a conductor that takes over a cluster whose operation a dead conductor left running must be able
 * to finish it from what is on record.
 */
public interface ClusterDriver {
    /** Every (server_type, os_distro, coe) this driver serves; never empty. */
    Set<DriverKey> provides();

    void create(ClusterJob job) throws Exception;

    /** Sets a nodegroup to {@code nodeCount} nodes, removing {@code nodesToRemove} first when it shrinks. */
    void resize(ClusterJob job, String nodegroupId, int nodeCount, java.util.List<String> nodesToRemove) throws Exception;

    void delete(ClusterJob job) throws Exception;

    /**
     * Rolling upgrade: replaces the nodes of {@code nodegroupId} (of every default nodegroup when it is a default
     * one) by hosts of {@code target}, at most {@code maxBatchSize} at a time, and moves the cluster to
     * {@code target} when all are replaced. Resumable: nodes already replaced by this operation are kept.
     */
    default void upgrade(ClusterJob job, io.caas.core.model.ClusterTemplate target, int maxBatchSize, String nodegroupId)
            throws Exception {
        throw new UnsupportedOperationException("This driver cannot upgrade clusters; create a new cluster from the"
                + " new template instead");
    }

    /**
     * Replaces {@code nodeNames} (nodes that stayed unhealthy) by fresh hosts, managers one at a time, recording
     * {@code reason} in an event. Resumable: a node replaced by this operation is not replaced again.
     */
    default void heal(ClusterJob job, java.util.List<String> nodeNames, String reason) throws Exception {
        throw new UnsupportedOperationException("This driver cannot replace unhealthy nodes; set the label"
                + " auto_healing_enabled=false or replace the node by a resize");
    }

    /** Finishes, or fails cleanly, the operation in {@code job} that another conductor started. */
    void recover(ClusterJob job) throws Exception;

    /**
     * Makes the COE issue a new key for unlocking restarted managers (swarm autolock) and keeps it in escrow; the
     * ROTATE_UNLOCK_KEY operation. Drivers whose COE has no such key refuse it.
     */
    default void rotateUnlockKey(ClusterJob job) throws Exception {
        throw new UnsupportedOperationException("The " + provides().iterator().next().coe()
                + " driver has no unlock key to rotate");
    }

    /**
     * How the cluster is now, asked of the cluster itself (for swarm, its managers' Engine API). The conductor calls
     * it periodically on clusters no operation runs on, and writes the report; it must not block for long on a dead
     * host. A driver without a check reports UNKNOWN.
     */
    default HealthReport health(ClusterView view) throws Exception {
        return HealthReport.unknown("the " + provides().iterator().next().coe() + " driver has no health check");
    }
}
