package io.caas.provider.heat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.caas.core.spi.ProviderException;
import io.caas.core.trust.ClusterTrust;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.SealedTrusts;
import io.caas.core.trust.TrustException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * Which identity acts on each cluster's stack. A cluster created through Keystone-authenticated caas has a trust
 * sealed with it (made by the API at create), so its stack lives in the tenant's project and every call on it goes
 * through the trustee's trust-scoped session. A cluster without one (noauth mode, `caas dev`, or clusters made
 * before trusts) keeps its stack in caas's own project, through the service session.
 */
final class TrustSessions {
    private final HeatSession service;
    private final String region;
    private final Optional<SealedTrusts> sealed;
    private final Optional<KeystoneTrusts> keystone;
    private final Map<String, HeatSession> byCluster = new ConcurrentHashMap<>();

    TrustSessions(HeatSession service, String region, Optional<SealedTrusts> sealed, Optional<KeystoneTrusts> keystone) {
        this.service = service;
        this.region = region;
        this.sealed = sealed;
        this.keystone = keystone;
    }

    HeatSession service() {
        return service;
    }

    /** The session for cluster {@code clusterId}'s stack (one sealed-secret read per cluster and process). */
    HeatSession forCluster(String clusterId) throws ProviderException {
        HeatSession known = byCluster.get(clusterId);
        if (known != null) {
            return known;
        }
        Optional<ClusterTrust> trust = trustOf(clusterId);
        HeatSession session = trust.isEmpty() ? service : trustSession(clusterId, trust.get());
        byCluster.put(clusterId, session);
        return session;
    }

    /**
     * Deletes the cluster's trust and trustee user and forgets them; nothing to do for a cluster without one.
     * Idempotent: what Keystone no longer has counts as deleted, so a conductor that takes the delete over after a
     * crash converges.
     */
    void deleteTrust(String clusterId) throws ProviderException {
        Optional<ClusterTrust> trust = trustOf(clusterId);
        if (trust.isPresent()) {
            try {
                keystone().delete(trust.get());
            } catch (TrustException e) {
                throw new ProviderException("Cannot remove the Keystone trust of cluster " + clusterId + ": "
                        + e.getMessage(), e);
            }
            sealed.orElseThrow().forget(clusterId);
        }
        byCluster.remove(clusterId);
    }

    /** Whether the cluster has a sealed trust that Keystone no longer has (asked as the trustee-domain admin). */
    boolean trustGone(String clusterId) throws ProviderException {
        Optional<ClusterTrust> trust = trustOf(clusterId);
        if (trust.isEmpty()) {
            return false;
        }
        try {
            return !keystone().exists(trust.get());
        } catch (TrustException e) {
            throw new ProviderException("Cannot ask Keystone about the trust of cluster " + clusterId + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<ClusterTrust> trustOf(String clusterId) {
        return sealed.flatMap(s -> s.find(clusterId));
    }

    private KeystoneTrusts keystone() throws ProviderException {
        return keystone.orElseThrow(() -> new ProviderException("A cluster has a Keystone trust but [trust] is not"
                + " configured in this process; set [trust] trustee_domain_name and its admin as on the API"));
    }

    private HeatSession trustSession(String clusterId, ClusterTrust trust) throws ProviderException {
        KeystoneTrusts trusts = keystone();
        return new HeatSession(region, () -> {
            try {
                KeystoneTrusts.IssuedToken issued = trusts.trustScopedToken(trust);
                KeystoneToken token = ObjectMapperSingleton.getContext(KeystoneToken.class)
                        .readerFor(KeystoneToken.class).with(DeserializationFeature.UNWRAP_ROOT_VALUE)
                        .readValue(issued.body());
                token.setId(issued.id());
                return token;
            } catch (TrustException e) {
                throw new HeatSession.SessionRefused("Cluster " + clusterId + " cannot act for project "
                        + trust.projectId() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new HeatSession.SessionRefused("Keystone's trust-scoped token for cluster " + clusterId
                        + " is not a token OpenStack4j reads: " + e.getMessage(), e);
            }
        });
    }
}
