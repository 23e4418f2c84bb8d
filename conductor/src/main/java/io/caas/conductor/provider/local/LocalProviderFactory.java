package io.caas.conductor.provider.local;

import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import io.caas.core.spi.ProviderFactory;

/** Makes the local provider available as "local" in [providers] enabled. */
public final class LocalProviderFactory implements ProviderFactory {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Provider create(CaasConfig config) {
        try {
            return LocalProvider.open(config);
        } catch (ProviderException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
