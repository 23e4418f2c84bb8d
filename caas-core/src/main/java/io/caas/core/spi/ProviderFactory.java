package io.caas.core.spi;

import io.caas.core.config.CaasConfig;

/** Found with {@link java.util.ServiceLoader}; builds the provider named in [providers] enabled. */
public interface ProviderFactory {
    String name();

    Provider create(CaasConfig config);
}
