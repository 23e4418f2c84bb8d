package io.caas.api.trust;

import io.caas.api.auth.RequestContext;
import io.caas.api.web.ApiException;
import io.caas.core.config.CaasConfig;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.trust.ClusterTrust;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.SealedTrusts;
import io.caas.core.trust.TrustException;
import io.caas.core.trust.TrustSettings;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster's trustee and trust at create, with the caller's own token, for the providers whose clusters act
 * for the tenant in the cloud (heat: the stack lives in the tenant's project). Only with {@code [api] auth_strategy
 * = keystone}: in noauth mode there is no user to delegate from, and such clusters keep their stacks in caas's
 * project. The trust is sealed with the cluster row in one transaction; the caller's token is never stored.
 */
public final class ClusterTrustIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTrustIssuer.class);
    private static final Set<String> PROVIDERS_ACTING_FOR_TENANTS = Set.of("heat");

    private final Optional<KeystoneTrusts> keystone;
    private final Optional<SealedTrusts> sealed;

    private ClusterTrustIssuer(Optional<KeystoneTrusts> keystone, Optional<SealedTrusts> sealed) {
        this.keystone = keystone;
        this.sealed = sealed;
    }

    /** Issues no trusts: noauth mode, and APIs without a provider that acts for tenants. */
    public static ClusterTrustIssuer none() {
        return new ClusterTrustIssuer(Optional.empty(), Optional.empty());
    }

    /**
     * Trusts for Keystone-authenticated clusters when [providers] enabled names heat; then [trust] must be set, and
     * a process without it refuses to start (rather than silently keep tenants' stacks in caas's project).
     */
    public static ClusterTrustIssuer forConfig(CaasConfig config, ClusterSecrets secrets) {
        boolean keystoneAuth = "keystone".equals(config.get("api", "auth_strategy", "keystone").toLowerCase(Locale.ROOT));
        boolean actsForTenants = Arrays.stream(config.get("providers", "enabled", "local").split(","))
                .map(String::strip).anyMatch(PROVIDERS_ACTING_FOR_TENANTS::contains);
        if (!keystoneAuth || !actsForTenants) {
            return none();
        }
        TrustSettings settings = TrustSettings.from(config).orElseThrow(() -> new IllegalArgumentException(
                "[providers] enabled has heat and [api] auth_strategy is keystone, so each cluster gets a Keystone"
                        + " trust: set [trust] trustee_domain_name, trustee_domain_admin_name and"
                        + " trustee_domain_admin_password (see etc/caas.conf.sample)"));
        return new ClusterTrustIssuer(Optional.of(new KeystoneTrusts(settings)), Optional.of(new SealedTrusts(secrets)));
    }

    /**
     * The trust for a new cluster on {@code provider}, made before the cluster row is written; empty when the
     * cluster needs none. Failures are Magnum's TrusteeOrTrustToClusterFailed, with Keystone's reason and what to do.
     */
    public Optional<ClusterTrust> issue(ContainerRequestContext request, String clusterId, String provider) {
        if (!needsTrust(provider)) {
            return Optional.empty();
        }
        RequestContext caller = RequestContext.of(request);
        try {
            return Optional.of(keystone.get().create(caller.authToken(), caller.userId(), caller.projectId(),
                    caller.roles(), clusterId));
        } catch (TrustException e) {
            LOG.warn("event=cluster_trust_failed cluster={} user={} project={} caller_refused={} reason=\"{}\"",
                    clusterId, caller.userId(), caller.projectId(), e.callerRefused(), e.getMessage());
            String message = "Failed to create trustee or trust for Cluster: " + clusterId + ". " + e.getMessage();
            throw e.callerRefused() ? ApiException.badRequest(message) : new ApiException(503, message);
        }
    }

    /** Whether a new cluster on {@code provider} gets a trust from this API. */
    public boolean needsTrust(String provider) {
        return keystone.isPresent() && PROVIDERS_ACTING_FOR_TENANTS.contains(provider);
    }

    /** Seals the trust in the transaction that writes the cluster. */
    public void save(Session session, String clusterId, ClusterTrust trust) {
        sealed.orElseThrow().save(session, clusterId, trust);
    }

    /** Removes a trust whose cluster was not written after all (quota, conflict, database failure). */
    public void discard(ClusterTrust trust) {
        try {
            keystone.orElseThrow().delete(trust);
        } catch (TrustException e) {
            LOG.error("event=cluster_trust_orphaned trustee_user_id={} trust_id={} reason=\"{}\" action=\"delete the"
                    + " trustee user in the trustee domain\"", trust.trusteeUserId(), trust.trustId(), e.getMessage());
        }
    }
}
