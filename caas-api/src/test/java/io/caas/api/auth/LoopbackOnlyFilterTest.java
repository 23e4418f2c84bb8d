package io.caas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.FakeCatalogue;
import io.caas.api.testing.RecordingSink;
import io.caas.api.v1.Catalogues;
import io.caas.api.web.ApiServer;
import io.caas.core.config.CaasConfig;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.secrets.SecretBox;
import io.caas.core.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
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
    void theDeployedApiIsGuardedOnlyWhenNoauthListensBeyondLoopback(@TempDir Path dir) {
        try (TestDatabase db = TestDatabase.create()) {
            SecretBox box = SecretBox.fromKeyFile(dir.resolve("master.key"));
            ClusterCaStore caStore = new ClusterCaStore(db.database(), box, Clock.systemUTC(), Duration.ofDays(3650));
            ClusterSecrets secrets = new ClusterSecrets(db.database(), box);
            CaasConfig noauth = db.config().with("api", "auth_strategy", "noauth");

            assertThat(guarded(noauth.with("api", "host", "0.0.0.0"), db, caStore, secrets)).isTrue();
            assertThat(guarded(noauth.with("api", "host", "127.0.0.1"), db, caStore, secrets)).isFalse();
        }
    }

    private static boolean guarded(CaasConfig config, TestDatabase db, ClusterCaStore caStore, ClusterSecrets secrets) {
        // built, never started: nothing listens beyond loopback
        ApiServer server = ApiServer.forConfig(config, db.database(), Catalogues.single("local", new FakeCatalogue()),
                Set.of(ApiFixture.SWARM_MODE), new RecordingSink(), caStore, secrets);
        return server.resourceConfig().getInstances().stream().anyMatch(LoopbackOnlyFilter.class::isInstance);
    }

    @Test
    void servesLoopbackCallersThroughTheRealServer() {
        try (ApiFixture api = ApiFixture.deployed(config -> config, new LoopbackOnlyFilter())) {
            assertThat(api.get("/v1/clusters").status()).isEqualTo(200);
            assertThat(api.post("/v1/clusters/c/nodes/n/progress", "{}").status()).as("the node's token decides").isEqualTo(401);
        }
    }
}
