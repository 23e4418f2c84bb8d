package io.caas.driver.swarmmode;

import java.util.Optional;

/**
 * Where the driver leaves a swarm's join tokens for the node bootstrap call GET .../nodes/{node}/join (served by
 * caas-api, which answers 404 until {@link #find} has them). Implementations keep the tokens encrypted at rest.
 */
public interface JoinTokens {
    void save(String clusterUuid, SwarmJoin join);

    Optional<SwarmJoin> find(String clusterUuid);

    void forget(String clusterUuid);
}
