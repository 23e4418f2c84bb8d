package io.caas.api.v1;

import io.caas.api.web.Caller;
import io.caas.core.spi.Catalogue;

/** Which provider a caller's new templates and clusters go to, and what that provider offers. */
public interface Catalogues {
    /** The provider name ("local", "heat", "aws", "azure") for the caller's new clusters. */
    String providerFor(Caller caller);

    Catalogue catalogue(String provider);

    /** One provider for everyone: the single-cloud deployment and the tests. */
    static Catalogues single(String provider, Catalogue catalogue) {
        return new Catalogues() {
            @Override
            public String providerFor(Caller caller) {
                return provider;
            }

            @Override
            public Catalogue catalogue(String name) {
                return catalogue;
            }
        };
    }
}
