package io.caas.api.testing;

import io.caas.core.spi.Catalogue;
import java.util.List;

/** A small cloud for API tests: the local provider's real catalogue comes with that provider. */
public final class FakeCatalogue implements Catalogue {
    @Override
    public List<Image> images() {
        return List.of(new Image("7f0c2a52-8bb1-4a0f-9a3e-5c6f0e8d9a11", "fedora-atomic-27", "fedora-atomic"),
                new Image("0b7c0d5e-1f6c-4c3e-8f61-2f7d9c0e4a22", "ubuntu-22.04", "ubuntu"),
                new Image("5d1e7a3c-9b2f-4e8a-a6c4-1e3f5b7d9c33", "bare", null));
    }

    @Override
    public List<Flavor> flavors() {
        return List.of(new Flavor("1", "m1.small", 1, 2048), new Flavor("2", "m1.medium", 2, 4096));
    }

    @Override
    public List<ExternalNetwork> externalNetworks() {
        return List.of(new ExternalNetwork("a6f7c0e2-3d4b-4c5a-9e8f-7a6b5c4d3e21", "public"));
    }
}
