package io.caas.provider.heat;

import io.caas.core.spi.Catalogue;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the cloud offers, asked of Glance v2, Nova and Neutron as caas's service user at template create time,
 * so caas-api's template validation (Magnum's texts) checks image os_distro, flavors and the external network
 * against the real cloud. Each call asks the cloud anew: templates are created rarely, images change.
 */
final class OpenStackCatalogue implements Catalogue {
    private final HeatSession session;

    OpenStackCatalogue(HeatSession session) {
        this.session = session;
    }

    @Override
    public List<Image> images() {
        return session.client().imagesV2().list().stream()
                .map(i -> new Image(i.getId(), Objects.requireNonNullElse(i.getName(), i.getId()), i.getOsDistro()))
                .toList();
    }

    @Override
    public List<Flavor> flavors() {
        return session.client().compute().flavors().list().stream()
                .map(f -> new Flavor(f.getId(), f.getName(), f.getVcpus(), f.getRam())).toList();
    }

    @Override
    public List<ExternalNetwork> externalNetworks() {
        return session.client().networking().network().list(Map.of("router:external", "true")).stream()
                .map(n -> new ExternalNetwork(n.getId(), n.getName())).toList();
    }
}
