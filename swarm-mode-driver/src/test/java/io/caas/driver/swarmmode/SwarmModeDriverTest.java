package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.DriverKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver end to end on one loopback host: the rendered user data really boots a dockerd, inits swarm with the
 * cluster CA as external CA, and the conductor side sees it Ready through the Engine API over mutual TLS.
 */
class SwarmModeDriverTest {
    private static final String UUID = "0b9d5c1e-2f4a-4e6b-8c3d-7a1f0e2d4c6b";

    @TempDir
    Path dir;
    private FakeCaas caas;
    private LoopbackProvider provider;
    private int enginePort;

    @BeforeEach
    void start() throws Exception {
        Processes.require("dockerd");
        caas = new FakeCaas();
        provider = new LoopbackProvider(dir);
        enginePort = TestEngine.freePort();
    }

    @AfterEach
    void stop() {
        provider.deleteCluster(UUID);
        caas.close();
    }

    @Test
    void isFoundByServiceLoaderForEveryKeyItServes() {
        List<ClusterDriver> drivers = ServiceLoader.load(ClusterDriver.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).provides()).contains(new DriverKey("vm", "debian", "swarm-mode"),
                new DriverKey("vm", "fedora-atomic", "swarm-mode"));
    }

    @Test
    void createsASwarmOnTheClusterCaAndPublishesIt() throws Exception {
        Instant deadline = Instant.now().plusSeconds(240);
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline));

        String manager = "e2e-default-master-0";
        try {
            new SwarmModeDriver().create(job);
        } catch (SwarmDriverException e) {
            throw new AssertionError(e.getMessage() + "\nbootstrap log:\n" + provider.bootstrapLog(manager), e);
        }

        assertThat(job.cluster.apiAddress).isEqualTo("tcp://127.0.0.1:" + enginePort);
        assertThat(job.cluster.masterAddresses).containsExactly("127.0.0.1");
        assertThat(job.cluster.nodeAddresses).isEmpty();
        assertThat(job.cluster.coeVersion).isNotBlank().isEqualTo(job.cluster.containerVersion);
        ClusterNode row = job.nodes().get(0);
        assertThat(row.name).isEqualTo(manager);
        assertThat(row.state).isEqualTo("READY");
        assertThat(row.swarmNodeId).isNotBlank();
        assertThat(caas.progress).containsSubsequence(manager + " BOOTING", manager + " ENGINE_UP", manager + " JOINING");
        assertThat(caas.cfsslSubjects).contains("swarm-manager/" + row.swarmNodeId);
        assertThat(caas.find(UUID)).hasValueSatisfying(join -> {
            assertThat(join.workerToken()).startsWith("SWMTKN-1-");
            assertThat(join.managerAddresses()).containsExactly("127.0.0.1:2377");
        });
        assertThat(job.events).anyMatch(e -> e.startsWith("swarm_initialised"));

        EngineClient engine = EngineClient.connect("127.0.0.1:" + enginePort,
                caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), caas.pki.rootPem());
        assertThat(engine.swarm().path("TLSInfo").path("TrustRoot").asText()).isEqualTo(caas.pki.rootPem());
        assertThat(engine.info().path("Labels").toString()).contains("io.caas.cluster=" + UUID);
    }

    @Test
    void aTimedOutCreateNamesTheNodeAndWhereItStopped() throws Exception {
        caas.withholdEngineCertificates();
        InMemoryClusterJob job = job(() -> true);

        assertThatThrownBy(() -> new SwarmModeDriver().create(job))
                .isInstanceOf(SwarmDriverException.class)
                .hasMessageContaining("Cluster " + UUID + " timed out")
                .hasMessageContaining("first manager e2e-default-master-0 did not bring up its swarm");
        assertThat(job.nodes()).extracting(n -> n.name).containsExactly("e2e-default-master-0");
    }

    private InMemoryClusterJob job(BooleanSupplier timedOut) {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID;
        cluster.name = "e2e";
        cluster.masterLbEnabled = false;
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian";
        template.flavorId = "host";
        template.apiserverPort = enginePort;
        InMemoryClusterJob job = new InMemoryClusterJob(cluster, template,
                List.of(group("ng-m", "default-master", "master", 1), group("ng-w", "default-worker", "worker", 0)),
                provider, Map.of(ClusterPki.class, caas, JoinTokens.class, caas, NodeBootstrapEndpoint.class, caas),
                timedOut);
        caas.serve(job);
        return job;
    }

    private static NodeGroup group(String uuid, String name, String role, int count) {
        NodeGroup group = new NodeGroup();
        group.uuid = uuid;
        group.name = name;
        group.role = role;
        group.nodeCount = count;
        group.isDefault = true;
        return group;
    }
}
