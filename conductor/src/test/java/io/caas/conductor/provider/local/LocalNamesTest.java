package io.caas.conductor.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.spi.ProviderException;
import org.junit.jupiter.api.Test;

class LocalNamesTest {
    @Test
    void interfaceNamesFitTheKernelLimitForTheLargestHostOctet() {
        String shortId = LocalNames.shortId("6f1c2a9e-3b7d-4e55-9a0c-1d2e3f405162");
        assertThat(shortId).matches("[0-9a-f]{8}");
        assertThat(LocalNames.bridge(shortId)).hasSizeLessThanOrEqualTo(15);
        assertThat(LocalNames.veth(shortId, LocalState.LAST_HOST_OCTET)).hasSizeLessThanOrEqualTo(15);
    }

    @Test
    void shortIdIsStableAndDiffersBetweenClusters() {
        assertThat(LocalNames.shortId("cluster-a")).isEqualTo(LocalNames.shortId("cluster-a"))
                .isNotEqualTo(LocalNames.shortId("cluster-b"));
    }

    @Test
    void namesThatCouldReachAShellOrAPathAreRefused() {
        assertThatThrownBy(() -> LocalNames.requireHostName("node;rm -rf /")).isInstanceOf(ProviderException.class)
                .hasMessageContaining("not a valid hostname");
        assertThatThrownBy(() -> LocalNames.requireHostName("-node")).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> LocalNames.requireClusterId("../etc")).isInstanceOf(ProviderException.class)
                .hasMessageContaining("not valid for the local provider");
        assertThatThrownBy(() -> LocalNames.requireClusterId("$(id)")).isInstanceOf(ProviderException.class);
    }

    @Test
    void magnumStyleNamesPass() throws ProviderException {
        assertThat(LocalNames.requireHostName("k8s-cluster-abc123-node-0")).isEqualTo("k8s-cluster-abc123-node-0");
        assertThat(LocalNames.requireClusterId("6f1c2a9e-3b7d-4e55-9a0c-1d2e3f405162")).isNotEmpty();
    }

    @Test
    void notRootIsAClearError() {
        assertThatThrownBy(() -> LocalProvider.requireRoot(1000)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("local provider needs root: run caas as root or use another provider");
    }

    @Test
    void aStateDirTooLongForTheHostsUnixSocketsIsAClearError() throws Exception {
        LocalProvider.requireShortStateDir(java.nio.file.Path.of("/var/lib/caas/local"));
        assertThatThrownBy(() -> LocalProvider.requireShortStateDir(
                java.nio.file.Path.of("/tmp/junit-11382189829837899799/data/local")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("needs at most 32");
    }
}
