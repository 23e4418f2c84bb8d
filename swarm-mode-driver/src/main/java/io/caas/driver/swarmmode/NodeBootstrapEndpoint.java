package io.caas.driver.swarmmode;

/**
 * The caas API as a booting node sees it: the three calls of swarm-node.sh (progress, engine-cert, join) live
 * under {@link #baseUrl}. Wired by the conductor through {@link io.caas.core.spi.ClusterJob#service}.
 */
public interface NodeBootstrapEndpoint {
    /** The base URL this cluster's hosts reach caas at; for the local provider, its bridge's .1 address. */
    String baseUrl(String clusterUuid);

    /** The PEM a node trusts for {@link #baseUrl} when it is https and not publicly trusted; "" when none. */
    String caCertificate(String clusterUuid);

    /** A fresh secret the node presents as Bearer token on its bootstrap calls; caas keeps only what verifies it. */
    String issueNodeToken(String clusterUuid, String nodeName);
}
