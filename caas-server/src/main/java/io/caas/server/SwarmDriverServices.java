package io.caas.server;

import io.caas.conductor.DriverServices;
import io.caas.conductor.ProviderRegistry;
import io.caas.conductor.swarm.CaasClusterPki;
import io.caas.conductor.swarm.CaasNodeBootstrapEndpoint;
import io.caas.conductor.swarm.SealedJoinTokens;
import io.caas.conductor.swarm.SealedUnlockKeys;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.driver.swarmmode.ClusterPki;
import io.caas.driver.swarmmode.JoinTokens;
import io.caas.driver.swarmmode.NodeBootstrapEndpoint;
import io.caas.driver.swarmmode.UnlockKeys;

/**
 * What the swarm-mode driver asks the conductor for: the cluster CA, its join-token and unlock-key stores, its
 * bootstrap endpoint.
 */
final class SwarmDriverServices {
    private SwarmDriverServices() {
    }

    static DriverServices create(CaasConfig config, Database database, ClusterSecurity security, ProviderRegistry providers) {
        return new DriverServices()
                .with(ClusterPki.class, new CaasClusterPki(database, security.roots(), security.secrets(), providers, config))
                .with(JoinTokens.class, new SealedJoinTokens(security.secrets()))
                .with(UnlockKeys.class, new SealedUnlockKeys(security.secrets()))
                .with(NodeBootstrapEndpoint.class, new CaasNodeBootstrapEndpoint(database, providers, config));
    }
}
