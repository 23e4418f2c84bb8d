package io.caas.conductor.provider.local;

import io.caas.core.spi.Catalogue;
import java.util.List;

/**
 * What the local provider offers. Its one image is this machine's Debian with Debian's docker.io, hence os_distro
 * {@code debian}: the swarm-mode driver for it is keyed (vm, debian, swarm-mode). Flavors are names only; a local
 * host gets whatever the machine has.
 */
final class LocalCatalogue implements Catalogue {
    static final String IMAGE_NAME = "swarm-local";

    @Override
    public List<Image> images() {
        return List.of(new Image("local-debian-docker", IMAGE_NAME, "debian"));
    }

    @Override
    public List<Flavor> flavors() {
        return List.of(new Flavor("m1.small", "m1.small", 1, 2048),
                new Flavor("m1.medium", "m1.medium", 2, 4096),
                new Flavor("m1.large", "m1.large", 4, 8192));
    }

    @Override
    public List<ExternalNetwork> externalNetworks() {
        return List.of(new ExternalNetwork("public", "public"));
    }
}
