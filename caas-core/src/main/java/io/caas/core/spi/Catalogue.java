package io.caas.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * What a provider offers tenants: images (each with the os_distro that picks the driver), flavors and external
 * networks. Cluster template validation goes through it, with Magnum's error texts.
 */
public interface Catalogue {
    record Image(String id, String name, String osDistro) { }

    record Flavor(String id, String name, int vcpus, int ramMb) { }

    record ExternalNetwork(String id, String name) { }

    List<Image> images();

    List<Flavor> flavors();

    List<ExternalNetwork> externalNetworks();

    default Optional<Image> findImage(String idOrName) {
        return images().stream().filter(i -> i.id().equals(idOrName) || i.name().equals(idOrName)).findFirst();
    }

    default Optional<Flavor> findFlavor(String idOrName) {
        return flavors().stream().filter(f -> f.id().equals(idOrName) || f.name().equals(idOrName)).findFirst();
    }

    default Optional<ExternalNetwork> findExternalNetwork(String idOrName) {
        return externalNetworks().stream().filter(n -> n.id().equals(idOrName) || n.name().equals(idOrName)).findFirst();
    }
}
