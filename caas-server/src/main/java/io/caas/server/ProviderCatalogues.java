package io.caas.server;

import io.caas.api.v1.Catalogues;
import io.caas.api.web.Caller;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.spi.Catalogue;

/** Template validation against the enabled providers' own catalogues; new clusters go to [providers] default. */
final class ProviderCatalogues implements Catalogues {
    private final ProviderRegistry providers;

    ProviderCatalogues(ProviderRegistry providers) {
        this.providers = providers;
    }

    @Override
    public String providerFor(Caller caller) {
        return providers.defaultName();
    }

    @Override
    public Catalogue catalogue(String provider) {
        return providers.named(provider).orElseThrow(() -> new IllegalStateException(
                "Provider '" + provider + "' is not enabled on this API process: add it to [providers] enabled"))
                .catalogue();
    }
}
