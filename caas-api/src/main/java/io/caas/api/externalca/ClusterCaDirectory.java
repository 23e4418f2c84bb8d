package io.caas.api.externalca;

import java.util.Optional;

/**
 * Where the external CA endpoint finds a cluster's signing material. Asked on every TLS handshake and every
 * signing request, so a rotated root or endpoint certificate takes effect without restarting the listener;
 * implementations backed by the database may cache.
 */
public interface ClusterCaDirectory {
    /** Empty when caas has no such cluster (deleted, or not yet created). */
    Optional<ClusterSigningContext> find(String clusterUuid);
}
