package io.caas.provider.heat;

import io.caas.core.config.CaasConfig;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderFactory;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.SealedTrusts;
import io.caas.core.trust.TrustSettings;
import java.util.Optional;

/** Makes the heat provider available as "heat" in [providers] enabled; it reads the [heat] section. */
public final class HeatProviderFactory implements ProviderFactory {
    @Override
    public String name() {
        return "heat";
    }

    /** Without the clusters' secrets: every stack as caas's service user (the API's catalogue, tools). */
    @Override
    public Provider create(CaasConfig config) {
        return new HeatProvider(HeatSettings.from(config), ConfiguredCatalogue.from(config), Optional.empty(),
                Optional.empty());
    }

    /** A conductor's provider: clusters with a sealed trust act through it ([trust] says how to use and delete it). */
    @Override
    public Provider create(CaasConfig config, ClusterSecrets secrets) {
        return new HeatProvider(HeatSettings.from(config), ConfiguredCatalogue.from(config),
                Optional.of(new SealedTrusts(secrets)), TrustSettings.from(config).map(KeystoneTrusts::new));
    }
}
