package io.caas.provider.heat;

import io.caas.core.spi.Catalogue;
import io.caas.core.spi.CatalogueUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.OS4JException;

/**
 * What the cloud offers, asked of Glance v2, Nova and Neutron as caas's service user at template create time,
 * so caas-api's template validation (Magnum's texts) checks image os_distro, flavors and the external network
 * against the real cloud. Each call asks the cloud anew: templates are created rarely, images change. A service that
 * cannot be asked is a {@link CatalogueUnavailableException} (HTTP 503), never an empty list that would read as
 * "not found".
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
        return ask("Glance", "image", () -> {
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
        });
    }

    @Override
    public List<Flavor> flavors() {
        return ask("Nova", "compute", () -> session.client().compute().flavors().list().stream()
                .map(f -> new Flavor(f.getId(), f.getName(), f.getVcpus(), f.getRam())).toList());
    }

    @Override
    public List<ExternalNetwork> externalNetworks() {
        return ask("Neutron", "network", () -> session.client().networking().network()
                .list(Map.of("router:external", "true")).stream()
                .map(n -> new ExternalNetwork(n.getId(), n.getName())).toList());
    }

    private static <T> T ask(String service, String serviceType, Supplier<T> call) {
        try {
            return call.get();
        } catch (OS4JException failure) {
            throw new CatalogueUnavailableException(service + " cannot be asked to check the template; check that it "
                    + "answers and that caas's service user finds the " + serviceType + " endpoint of [heat] region_name in "
                    + "its Keystone catalog. Cause: " + failure.getMessage(), failure);
        }
    }
}
