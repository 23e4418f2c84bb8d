package io.caas.provider.heat;

import io.caas.core.spi.Catalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openstack4j.api.OSClient.OSClientV3;

/**
 * What the cloud offers, asked of Glance v2, Nova and Neutron as caas's service user at template create time,
 * so caas-api's template validation (Magnum's texts) checks image os_distro, flavors and the external network
 * against the real cloud. Each call asks the cloud anew: templates are created rarely, images change.
 */
final class OpenStackCatalogue implements Catalogue {
    private static final String PAGE_SIZE = "1000";
    private final HeatSession session;

    OpenStackCatalogue(HeatSession session) {
        this.session = session;
    }

    /** Every page of Glance's list: it answers 25 images unless asked for more, never more than its api_limit_max. */
    @Override
    public List<Image> images() {
        OSClientV3 client = session.client();
        List<Image> images = new ArrayList<>();
        Map<String, String> page = Map.of("limit", PAGE_SIZE);
        while (true) {
            List<? extends org.openstack4j.model.image.v2.Image> found = client.imagesV2().list(page);
            if (found.isEmpty()) {
                return images;
            }
            found.forEach(i -> images.add(
                    new Image(i.getId(), Objects.requireNonNullElse(i.getName(), i.getId()), i.getOsDistro())));
            page = Map.of("limit", PAGE_SIZE, "marker", found.get(found.size() - 1).getId());
        }
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
