package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.DriverKey;
import io.caas.core.spi.Host;
import io.caas.core.spi.Provider;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver end to end on namespace hosts: the rendered user data really boots dockerds, the first inits swarm
 * with the cluster CA as external CA, the others join with tokens from caas, and the conductor side sees them
 * Ready through the Engine API over mutual TLS; then workers are added, drained and removed.
 */
class SwarmModeDriverTest {
    private static final String UUID = "0b9d5c1e-2f4a-4e6b-8c3d-7a1f0e2d4c6b";
    private static final String MANAGER = "e2e-default-master-0";
    private static TestNetwork network;

    @TempDir
    Path dir;
    private FakeCaas caas;
    private NetnsProvider provider;
    private final NodeGroup masters = group("ng-m", "default-master", "master", 1);
    private final NodeGroup workers = group("ng-w", "default-worker", "worker", 1);

    @BeforeAll
    static void createNetwork() throws Exception {
        network = TestNetwork.create();
    }

    @AfterAll
    static void removeNetwork() throws Exception {
        network.close();
    }

    @BeforeEach
    void start() throws Exception {
        caas = new FakeCaas(TestNetwork.gateway());
        provider = new NetnsProvider(network, dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.deleteCluster(UUID);
        }
        if (caas != null) {
            caas.close();
        }
    }

    @Test
    void isFoundByServiceLoaderForEveryKeyItServes() {
        List<ClusterDriver> drivers = ServiceLoader.load(ClusterDriver.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(drivers).hasSize(1);
        assertThat(drivers.get(0).provides()).contains(new DriverKey("vm", "debian", "swarm-mode"),
                new DriverKey("vm", "fedora-atomic", "swarm-mode"));
    }

    @Test
    void createsASwarmOnTheClusterCaThenAddsAndRemovesWorkers() throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline));
        SwarmModeDriver driver = new SwarmModeDriver();

        run(() -> driver.create(job));

        String managerAddress = job.cluster.masterAddresses.get(0);
        assertThat(job.cluster.apiAddress).isEqualTo("tcp://" + managerAddress + ":2376");
        assertThat(job.cluster.nodeAddresses).hasSize(1);
        assertThat(job.cluster.coeVersion).isNotBlank().isEqualTo(job.cluster.containerVersion);
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                .containsExactly(MANAGER + " READY", "e2e-default-worker-0 READY");
        assertThat(caas.progress).containsSubsequence(MANAGER + " BOOTING", MANAGER + " ENGINE_UP", MANAGER + " JOINING");
        assertThat(caas.progress).contains("e2e-default-worker-0 JOINING");
        String managerId = row(job, MANAGER).swarmNodeId;
        assertThat(caas.cfsslSubjects).contains("swarm-manager/" + managerId, "swarm-worker/" + row(job, "e2e-default-worker-0").swarmNodeId);
        assertThat(caas.find(UUID)).hasValueSatisfying(join -> {
            assertThat(join.workerToken()).startsWith("SWMTKN-1-");
            assertThat(join.managerAddresses()).containsExactly(managerAddress + ":2377");
        });
        EngineClient tenant = EngineClient.connect(managerAddress + ":2376",
                caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), caas.pki.rootPem());
        assertThat(tenant.swarm().path("TLSInfo").path("TrustRoot").asText()).isEqualTo(caas.pki.rootPem());
        assertThat(tenant.info().path("Labels").toString()).contains("io.caas.cluster=" + UUID);

        workers.nodeCount = 2;
        run(() -> driver.resize(job, "ng-w", 2, List.of()));

        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state).containsExactly(
                MANAGER + " READY", "e2e-default-worker-0 READY", "e2e-default-worker-1 READY");
        assertThat(tenant.nodes()).hasSize(3);

        workers.nodeCount = 1;
        run(() -> driver.resize(job, "ng-w", 1, List.of("e2e-default-worker-0")));

        assertThat(job.nodes()).extracting(n -> n.name).containsExactly(MANAGER, "e2e-default-worker-1");
        assertThat(tenant.nodes()).extracting(SwarmNode::caasName).containsExactlyInAnyOrder(MANAGER, "e2e-default-worker-1");
        assertThat(provider.hosts(UUID)).extracting(h -> h.name()).containsExactlyInAnyOrder(MANAGER, "e2e-default-worker-1");
        assertThat(job.cluster.nodeAddresses).containsExactly(row(job, "e2e-default-worker-1").address);
        assertThat(job.events).anyMatch(e -> e.startsWith("node_removed: e2e-default-worker-0"));
    }

    @Test
    void recoveryReusesTheHostADeadConductorLaunchedAndFinishesTheCreate() throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        workers.nodeCount = 0;
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline));
        run(() -> new SwarmModeDriver().create(job));
        // what a conductor leaves when it dies right after launching a worker, before seeing it join
        workers.nodeCount = 1;
        Map<String, Host> launched = new HashMap<>();
        provider.hosts(UUID).forEach(host -> launched.put(host.name(), host));
        new HostLauncher(job, SwarmServices.of(job), new UserDataRenderer(), 2376).launchMissing(
                List.of(new PlannedNode("e2e-default-worker-0", "worker", "ng-w", "debian", "host", false)), launched);
        assertThat(provider.hostsCreated()).isEqualTo(2);

        job.operation.action = "create";
        run(() -> new SwarmModeDriver().recover(job));

        assertThat(provider.hostsCreated()).isEqualTo(2);
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                .containsExactly(MANAGER + " READY", "e2e-default-worker-0 READY");
        assertThat(job.cluster.nodeAddresses).containsExactly(row(job, "e2e-default-worker-0").address);

        SwarmMonitor monitor = new SwarmMonitor(caas);
        assertThat(monitor.check(job.cluster)).isEqualTo(new SwarmMonitor.Health("HEALTHY",
                Map.of("api", "ok", MANAGER + ".Ready", "True", "e2e-default-worker-0.Ready", "True")));
        provider.deleteCluster(UUID);
        SwarmMonitor.Health gone = monitor.check(job.cluster);
        assertThat(gone.status()).isEqualTo("UNKNOWN");
        assertThat(gone.reasons().get("api")).contains("did not answer");
    }

    @Test
    void onAStackProviderEveryMissingNodeComesInOneBatchAndTheOthersWaitForTheirJoinToken() throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        StackedNetnsProvider stacked = new StackedNetnsProvider(provider);
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline), stacked);
        SwarmModeDriver driver = new SwarmModeDriver();

        run(() -> driver.create(job));

        assertThat(stacked.batches).containsExactly(List.of(MANAGER, "e2e-default-worker-0"));
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                .containsExactly(MANAGER + " READY", "e2e-default-worker-0 READY");

        workers.nodeCount = 3;
        run(() -> driver.resize(job, "ng-w", 3, List.of()));

        assertThat(stacked.batches).containsExactly(List.of(MANAGER, "e2e-default-worker-0"),
                List.of("e2e-default-worker-1", "e2e-default-worker-2"));
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state).containsExactly(MANAGER + " READY",
                "e2e-default-worker-0 READY", "e2e-default-worker-1 READY", "e2e-default-worker-2 READY");
    }

    @Test
    void refusesToResizeTheManagers() {
        InMemoryClusterJob job = job(() -> false);

        assertThatThrownBy(() -> new SwarmModeDriver().resize(job, "ng-m", 3, List.of()))
                .hasMessageContaining("Resizing the master nodegroup default-master is not supported");
    }

    @Test
    void aTimedOutCreateNamesTheNodeAndWhereItStopped() throws Exception {
        caas.withholdEngineCertificates();
        InMemoryClusterJob job = job(() -> true);

        assertThatThrownBy(() -> new SwarmModeDriver().create(job))
                .isInstanceOf(SwarmDriverException.class)
                .hasMessageContaining("Cluster " + UUID + " timed out")
                .hasMessageContaining("first manager " + MANAGER + " did not bring up its swarm");
        assertThat(job.nodes()).extracting(n -> n.name).containsExactly(MANAGER);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a driver step; on failure, the bootstrap logs of the hosts are the evidence. */
    private void run(Step step) throws Exception {
        try {
            step.run();
        } catch (SwarmDriverException e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (var host : provider.hosts(UUID)) {
                logs.append("\n--- ").append(host.name()).append('\n').append(provider.bootstrapLog(host.name()));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private static ClusterNode row(InMemoryClusterJob job, String name) {
        return job.nodes().stream().filter(n -> name.equals(n.name)).findFirst().orElseThrow();
    }

    private InMemoryClusterJob job(BooleanSupplier timedOut) {
        return job(timedOut, provider);
    }

    private InMemoryClusterJob job(BooleanSupplier timedOut, Provider provider) {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID;
        cluster.name = "e2e";
        cluster.masterLbEnabled = false;
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian";
        template.flavorId = "host";
        InMemoryClusterJob job = new InMemoryClusterJob(cluster, template, List.of(masters, workers), provider,
                Map.of(ClusterPki.class, caas, JoinTokens.class, caas, NodeBootstrapEndpoint.class, caas), timedOut);
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
