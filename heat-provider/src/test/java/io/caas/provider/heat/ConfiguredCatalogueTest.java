package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Catalogue;
import org.junit.jupiter.api.Test;

class ConfiguredCatalogueTest {
    @Test
    void withoutCatalogueImagesTheCloudIsAsked() {
        assertThat(ConfiguredCatalogue.from(CaasConfig.empty().with("heat", "catalogue_flavors", "m1.small"))).isEmpty();
    }

    @Test
    void theListedNamesAreTheCatalogue() {
        Catalogue catalogue = ConfiguredCatalogue.from(CaasConfig.empty()
                .with("heat", "catalogue_images", " debian-12=debian , fcos = fedora-atomic")
                .with("heat", "catalogue_flavors", "m1.small,m1.large")
                .with("heat", "catalogue_external_networks", "public")).orElseThrow();

        assertThat(catalogue.findImage("fcos")).map(Catalogue.Image::osDistro).contains("fedora-atomic");
        assertThat(catalogue.findImage("debian-12")).map(Catalogue.Image::osDistro).contains("debian");
        assertThat(catalogue.findImage("ubuntu")).isEmpty();
        assertThat(catalogue.findFlavor("m1.large")).isPresent();
        assertThat(catalogue.findFlavor("m1.medium")).isEmpty();
        assertThat(catalogue.externalNetworks()).extracting(Catalogue.ExternalNetwork::name).containsExactly("public");
    }

    @Test
    void anImageWithoutOsDistroIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> ConfiguredCatalogue.from(CaasConfig.empty().with("heat", "catalogue_images", "debian-12")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("[heat] catalogue_images entry 'debian-12' must be name=os_distro, e.g. debian-12=debian");
    }
}
