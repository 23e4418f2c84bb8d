package io.caas.driver.swarmmode;

/**
 * What this driver needs from the cluster CA (io.caas.core.pki), which the conductor wires through
 * {@link io.caas.core.spi.ClusterJob#service}. The root's private key never leaves the CA: nodes get the root
 * certificate only, swarm managers get their certificates over {@link #externalCaUrl}, engines get theirs from the
 * engine-cert bootstrap call (see swarm-node.sh).
 */
public interface ClusterPki {
    /** The cluster's current root certificate, PEM: swarm's SigningCACert and every engine's client CA. */
    String rootCertificate(String clusterUuid);

    /**
     * The cfssl sign URL (https) this cluster's managers reach the CA at. Its TLS certificate must chain to this
     * cluster's root and carry a SAN for the URL's host, since swarm verifies it against the swarm root.
     */
    String externalCaUrl(String clusterUuid);

    /** A client certificate (EKU clientAuth) signed by the cluster root, and its key, for the conductor. */
    PemCredentials conductorCredentials(String clusterUuid);

    /**
     * Records the swarm's own id (the O of its node certificates) and its internal root right after swarm init, so
     * the external CA accepts the leader's certificate (still under that root) while swarm rotates to ours.
     */
    void recordSwarm(String clusterUuid, String swarmClusterId, String internalRootPem);

    /** The swarm trusts only the cluster root now: the internal root is no longer accepted. */
    void swarmOnClusterRoot(String clusterUuid);

    /** The generation of the cluster's current root: 1 until its first CA rotation. */
    int rootGeneration(String clusterUuid);

    /** The root certificate of one generation, PEM; engines keep trusting it until a rotation moves them. */
    String rootCertificate(String clusterUuid, int generation);

    /** A conductor client certificate from one generation's root: what engines still on that root accept. */
    PemCredentials conductorCredentials(String clusterUuid, int generation);

    /**
     * The root CA rotation {@code operationId} moves the cluster to, made (and made the current root) on the first
     * call and found again on later ones; returns its generation.
     */
    int rotationRoot(String clusterUuid, String operationId);

    /** The generation rotation {@code operationId} made, if it got that far. */
    java.util.OptionalInt rootMadeBy(String clusterUuid, String operationId);
}
