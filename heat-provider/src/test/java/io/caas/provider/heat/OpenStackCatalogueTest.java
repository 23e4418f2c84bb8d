package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.api.auth.CataloguePeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.Reply;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.CatalogueUnavailableException;
import io.caas.core.spi.DriverKey;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heat provider's catalogue against the real Glance, Neutron and Nova of scripts/catalogue-peer.sh, as caas's
 * service user: what it reads, and template create through the real API answering Magnum's texts over it. The peer's
 * Glance serves one image per page, so reading only Glance's first page shows as a missing image.
 */
@ExtendWith(CataloguePeer.class)
class OpenStackCatalogueTest {
    private static final DriverKey SWARM_ON_DEBIAN = new DriverKey("vm", "debian", "swarm-mode");

    private static Catalogue cloud() {
        return cloudIn("RegionOne");
    }

    private static Catalogue cloudIn(String region) {
        return new OpenStackCatalogue(HeatSession.serviceUser(new HeatSettings(KeystonePeer.URL, "caas", "caas_pass",
                "Default", "service", "Default", region, "127.0.0.1", Duration.ofMillis(500), Optional.empty())));
    }

    @Test
    void imagesFlavorsAndExternalNetworksAreWhatGlanceNovaAndNeutronHold() {
        Catalogue cloud = cloud();

        assertThat(cloud.findImage("debian-12")).map(Catalogue.Image::osDistro).contains("debian");
        assertThat(cloud.findImage("plain-image")).isPresent().get().extracting(Catalogue.Image::osDistro).isNull();
        String debianId = cloud.findImage("debian-12").orElseThrow().id();
        assertThat(debianId).matches("[0-9a-f-]{36}");
        assertThat(cloud.findImage(debianId)).map(Catalogue.Image::name).contains("debian-12");
        assertThat(cloud.findImage("ubuntu")).isEmpty();

        assertThat(cloud.findFlavor("m1.small")).get()
                .satisfies(f -> assertThat(f.vcpus()).isEqualTo(1), f -> assertThat(f.ramMb()).isEqualTo(2048));
        assertThat(cloud.findFlavor("m1.large")).get()
                .satisfies(f -> assertThat(f.vcpus()).isEqualTo(4), f -> assertThat(f.ramMb()).isEqualTo(8192));
        assertThat(cloud.findFlavor(cloud.findFlavor("m1.large").orElseThrow().id())).isPresent();
        assertThat(cloud.findFlavor("m9")).isEmpty();

        assertThat(cloud.externalNetworks()).extracting(Catalogue.ExternalNetwork::name).contains("public")
                .doesNotContain("private");
        String publicId = cloud.findExternalNetwork("public").orElseThrow().id();
        assertThat(cloud.findExternalNetwork(publicId)).isPresent();
    }

    @Test
    void templateCreateOverTheRealCloudAcceptsItsResourcesAndAnswersMagnumsTextsForTheRest() {
        Catalogue cloud = cloud();
        try (ApiFixture api = ApiFixture.over("heat", cloud, SWARM_ON_DEBIAN)) {
            Reply created = api.post("/v1/clustertemplates", template("debian-12", "m1.small", "m1.large", "public"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("cluster_distro").asText()).isEqualTo("debian");

            String imageId = cloud.findImage("debian-12").orElseThrow().id();
            String flavorId = cloud.findFlavor("m1.small").orElseThrow().id();
            String networkId = cloud.findExternalNetwork("public").orElseThrow().id();
            Reply byIds = api.post("/v1/clustertemplates", template(imageId, flavorId, flavorId, networkId));
            assertThat(byIds.status()).as(byIds.body()).isEqualTo(201);

            assertRefused(api.post("/v1/clustertemplates", template("plain-image", "m1.small", "m1.small", "public")),
                    "Image plain-image doesn't contain os_distro field.");
            assertRefused(api.post("/v1/clustertemplates", template("ubuntu", "m1.small", "m1.small", "public")),
                    "Image ubuntu could not be found.");
            assertRefused(api.post("/v1/clustertemplates", template("debian-12", "m9", "m1.small", "public")),
                    "Unable to find flavor m9.");
            assertRefused(api.post("/v1/clustertemplates", template("debian-12", "m1.small", "m9", "public")),
                    "Unable to find flavor m9.");
            assertRefused(api.post("/v1/clustertemplates", template("debian-12", "m1.small", "m1.small", "nonet")),
                    "Unable to find external network nonet.");
            // a network that exists but is not router:external is no external network, as in Magnum
            assertRefused(api.post("/v1/clustertemplates", template("debian-12", "m1.small", "m1.small", "private")),
                    "Unable to find external network private.");
        }
    }

    @Test
    void servicesTheCatalogueCannotAskAreA503ThatSaysWhatToCheckNeverANotFound() {
        Catalogue nowhere = cloudIn("RegionNowhere");
        assertThatThrownBy(nowhere::flavors).isInstanceOf(CatalogueUnavailableException.class)
                .hasMessageStartingWith("Nova cannot be asked to check the template; check that it answers and that "
                        + "caas's service user finds the compute endpoint of [heat] region_name in its Keystone catalog.");
        assertThatThrownBy(nowhere::externalNetworks).isInstanceOf(CatalogueUnavailableException.class)
                .hasMessageStartingWith("Neutron cannot be asked");
        try (ApiFixture api = ApiFixture.over("heat", nowhere, SWARM_ON_DEBIAN)) {
            Reply reply = api.post("/v1/clustertemplates", template("debian-12", "m1.small", "m1.small", "public"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.detail()).startsWith("Glance cannot be asked to check the template; check that it answers "
                    + "and that caas's service user finds the image endpoint of [heat] region_name in its Keystone catalog.");
        }
    }

    private static String template(String image, String flavor, String masterFlavor, String externalNetwork) {
        return """
                {"coe":"swarm-mode","image_id":"%s","flavor_id":"%s","master_flavor_id":"%s",\
                "external_network_id":"%s"}""".formatted(image, flavor, masterFlavor, externalNetwork);
    }

    private static void assertRefused(Reply reply, String magnumText) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.detail()).isEqualTo(magnumText);
    }
}
