package io.caas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/**
 * The noauth guard. Tests reach the API over loopback only, so the refusal of another address is checked on the
 * decision itself, and the wiring (the remote address as Grizzly sees it) over real HTTP from loopback.
 */
class LoopbackOnlyFilterTest {
    @Test
    void guardsOnlyAnApiListeningBeyondLoopback() {
        assertThat(LoopbackOnlyFilter.needed("0.0.0.0")).isTrue();
        assertThat(LoopbackOnlyFilter.needed("::")).isTrue();
        assertThat(LoopbackOnlyFilter.needed("198.18.0.1")).isTrue();
        assertThat(LoopbackOnlyFilter.needed("127.0.0.1")).isFalse();
        assertThat(LoopbackOnlyFilter.needed("::1")).isFalse();
    }

    @Test
    void refusesTenantCallsFromElsewhereButLetsNodesAndVersionDocumentsThrough() {
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "v1/clusters")).isFalse();
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "v1/certificates/abc")).isFalse();
        assertThat(LoopbackOnlyFilter.admits(null, "v1/clusters")).isFalse();
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "v1/clusters/c/nodes/n/progress")).isTrue();
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "v1/clusters/c/nodes/n/join")).isTrue();
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "v1/clusters/c/nodes")).isFalse();
        assertThat(LoopbackOnlyFilter.admits("198.18.0.5", "")).isTrue();
        assertThat(LoopbackOnlyFilter.admits("127.0.0.1", "v1/clusters")).isTrue();
        assertThat(LoopbackOnlyFilter.admits("127.3.4.5", "v1/clusters")).isTrue();
        assertThat(LoopbackOnlyFilter.admits("0:0:0:0:0:0:0:1", "v1/clusters")).isTrue();
    }

    @Test
    void servesLoopbackCallersThroughTheRealServer() {
        try (ApiFixture api = ApiFixture.deployed(config -> config, LoopbackOnlyFilter.class)) {
            assertThat(api.get("/v1/clusters").status()).isEqualTo(200);
            assertThat(api.post("/v1/clusters/c/nodes/n/progress", "{}").status()).as("the node's token decides").isEqualTo(401);
        }
    }
}
