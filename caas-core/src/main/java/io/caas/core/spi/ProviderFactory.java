package io.caas.core.spi;

import io.caas.core.config.CaasConfig;
import io.caas.core.secrets.ClusterSecrets;

/** Found with {@link java.util.ServiceLoader}; builds the provider named in [providers] enabled. */
public interface ProviderFactory {
    String name();

    Provider create(CaasConfig config);

    /**
     * The provider of a process that runs cluster operations: {@code secrets} holds what the API sealed for each
     * cluster (the heat provider reads the cluster's Keystone trust there). Providers that need none ignore it.
     */
    default Provider create(CaasConfig config, ClusterSecrets secrets) {
        return create(config);
    }
}
