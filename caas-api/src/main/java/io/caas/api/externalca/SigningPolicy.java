package io.caas.api.externalca;

import java.time.Duration;
import java.util.Optional;

/**
 * caas's own view of who may get which certificate. Swarm trusts the OU the CA returns, so a manager certificate
 * is signed only for a node caas itself created as a manager, whatever the (authenticated) leader asks.
 */
public interface SigningPolicy {
    /**
     * The role caas created swarm node {@code swarmNodeId} for; empty when caas does not know the node. Swarm
     * names a node only when it joins, so an implementation maps a fresh node id to a join caas started (and
     * must answer the same again: swarm sends every join's request twice, and renews later).
     */
    Optional<SwarmRole> roleOf(String clusterUuid, String swarmNodeId);

    /**
     * How long a cross-signed root may live when swarm moves this cluster away from caas's root
     * ({@code docker swarm ca --rotate}); empty refuses cross-signing.
     */
    Optional<Duration> crossSigningValidity(String clusterUuid);
}
