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
     * Moves the cluster to a new root CA (Magnum's PATCH /v1/certificates/{cluster}): every node certificate, every
     * engine's TLS certificate and client CA end up under the new root, and the old root is no longer trusted.
     */
    default void rotateCa(ClusterJob job) throws Exception {
        throw new UnsupportedOperationException("This driver cannot rotate a cluster's CA");
    }

    /** Replaces the cluster's join tokens for {@code role}: "worker", "manager" or "both"; the old ones stop working. */
    default void rotateJoinTokens(ClusterJob job, String role) throws Exception {
        throw new UnsupportedOperationException("This driver cannot rotate a cluster's join tokens");
    }

    /** Finishes, or fails cleanly, the operation in {@code job} that another conductor started. */
    void recover(ClusterJob job) throws Exception;
}
