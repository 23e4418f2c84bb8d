package io.caas.provider.heat;

import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Catalogue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue an operator writes into [heat] instead of asking Glance, Nova and Neutron: for clouds where caas's
 * service user may not list them, and for the tests, whose Heat has no Glance/Nova/Neutron beside it. Templates are
 * still checked, against these names: {@code catalogue_images = name=os_distro, ...}, {@code catalogue_flavors =
 * m1.small, ...}, {@code catalogue_external_networks = public, ...}. A name is also its id.
 */
final class ConfiguredCatalogue implements Catalogue {
    private final List<Image> images;
    private final List<Flavor> flavors;
    private final List<ExternalNetwork> networks;

    private ConfiguredCatalogue(List<Image> images, List<Flavor> flavors, List<ExternalNetwork> networks) {
        this.images = images;
        this.flavors = flavors;
        this.networks = networks;
    }

    /** Present when [heat] catalogue_images is set; the flavors and networks then come from the same section. */
    static Optional<Catalogue> from(CaasConfig config) {
        Optional<String> images = config.get("heat", "catalogue_images");
        if (images.isEmpty()) {
            return Optional.empty();
        }
        List<Image> parsed = names(images.get()).stream().map(entry -> {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("[heat] catalogue_images entry '" + entry
                        + "' must be name=os_distro, e.g. debian-12=debian");
            }
            String name = entry.substring(0, equals).strip();
            return new Image(name, name, entry.substring(equals + 1).strip());
        }).toList();
        List<Flavor> flavors = names(config.get("heat", "catalogue_flavors", "")).stream()
                .map(name -> new Flavor(name, name, 0, 0)).toList();
        List<ExternalNetwork> networks = names(config.get("heat", "catalogue_external_networks", "")).stream()
                .map(name -> new ExternalNetwork(name, name)).toList();
        return Optional.of(new ConfiguredCatalogue(parsed, flavors, networks));
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public List<Image> images() {
        return images;
    }

    @Override
    public List<Flavor> flavors() {
        return flavors;
    }

    @Override
    public List<ExternalNetwork> externalNetworks() {
        return networks;
    }
}
