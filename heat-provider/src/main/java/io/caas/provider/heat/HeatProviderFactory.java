package io.caas.provider.heat;

import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderFactory;

/** Makes the heat provider available as "heat" in [providers] enabled; it reads the [heat] section. */
public final class HeatProviderFactory implements ProviderFactory {
    @Override
    public String name() {
        return "heat";
    }

    @Override
    public Provider create(CaasConfig config) {
        return new HeatProvider(HeatSettings.from(config), ConfiguredCatalogue.from(config));
    }
}
