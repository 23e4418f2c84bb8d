package io.caas.core.trust;

import io.caas.core.secrets.ClusterSecrets;
import java.util.Optional;
import org.hibernate.Session;

/** Each cluster's {@link ClusterTrust}, sealed in cluster_secret as one value (trustee password and trust id together). */
public final class SealedTrusts {
    static final String NAME = "keystone/trust";
    private final ClusterSecrets secrets;

    public SealedTrusts(ClusterSecrets secrets) {
        this.secrets = secrets;
    }

    /** Stores the trust in {@code session}'s transaction, so it is written with the cluster row or not at all. */
    public void save(Session session, String clusterId, ClusterTrust trust) {
        secrets.put(session, clusterId, NAME, trust.toJson());
    }

    public Optional<ClusterTrust> find(String clusterId) {
        return secrets.get(clusterId, NAME).map(ClusterTrust::fromJson);
    }

    public void forget(String clusterId) {
        secrets.delete(clusterId, NAME);
    }
}
