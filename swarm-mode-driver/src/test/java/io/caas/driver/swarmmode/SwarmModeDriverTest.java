package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.DriverKey;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.Host;
import io.caas.core.spi.Provider;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The driver end to end on namespace hosts: the rendered user data really boots dockerds, the first inits swarm
 * with the cluster CA as external CA, the others join with tokens from caas, and the conductor side sees them
 * Ready through the Engine API over mutual TLS; then workers are added, drained and removed. The health check
 * sees dead hosts and unlocks an autolocked manager after a restart.
 */
class SwarmModeDriverTest {
    private static final String UUID = "0b9d5c1e-2f4a-4e6b-8c3d-7a1f0e2d4c6b";
    private static final String MANAGER = "e2e-default-master-0";
    @RegisterExtension
    static final DriverTestBed bed = new DriverTestBed(UUID);

    private final InMemoryUnlockKeys unlockKeys = new InMemoryUnlockKeys();
    private final NodeGroup masters = FakeCaas.nodeGroup("ng-m", "default-master", "master", 1, true);
    private final NodeGroup workers = FakeCaas.nodeGroup("ng-w", "default-worker", "worker", 1, true);

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
        assertThat(bed.caas.progress).containsSubsequence(MANAGER + " BOOTING", MANAGER + " ENGINE_UP", MANAGER + " JOINING");
        assertThat(bed.caas.progress).contains("e2e-default-worker-0 JOINING");
        String managerId = row(job, MANAGER).swarmNodeId;
        assertThat(bed.caas.cfsslSubjects).contains("swarm-manager/" + managerId, "swarm-worker/" + row(job, "e2e-default-worker-0").swarmNodeId);
        assertThat(bed.caas.find(UUID)).hasValueSatisfying(join -> {
            assertThat(join.workerToken()).startsWith("SWMTKN-1-");
            assertThat(join.managerAddresses()).containsExactly(managerAddress + ":2377");
        });
        EngineClient tenant = EngineClient.connect(managerAddress + ":2376",
                bed.caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), bed.caas.pki.rootPem());
        assertThat(tenant.swarm().path("TLSInfo").path("TrustRoot").asText()).isEqualTo(bed.caas.pki.rootPem());
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
        assertThat(bed.provider.hosts(UUID)).extracting(h -> h.name()).containsExactlyInAnyOrder(MANAGER, "e2e-default-worker-1");
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
        bed.provider.hosts(UUID).forEach(host -> launched.put(host.name(), host));
        new HostLauncher(job, SwarmServices.of(job), new UserDataRenderer(), 2376).launchMissing(
                List.of(new PlannedNode("e2e-default-worker-0", "worker", "ng-w", "debian", "host", false)), launched);
        assertThat(bed.provider.hostsCreated()).isEqualTo(2);

        job.operation.action = "create";
        run(() -> new SwarmModeDriver().recover(job));

        assertThat(bed.provider.hostsCreated()).isEqualTo(2);
        assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                .containsExactly(MANAGER + " READY", "e2e-default-worker-0 READY");
        assertThat(job.cluster.nodeAddresses).containsExactly(row(job, "e2e-default-worker-0").address);

        SwarmModeDriver driver = new SwarmModeDriver();
        HealthReport healthy = driver.health(job);
        assertThat(healthy.status()).isEqualTo(HealthReport.Status.HEALTHY);
        assertThat(healthy.reasons()).isEqualTo(
                Map.of("api", "ok", MANAGER + ".Ready", "True", "e2e-default-worker-0.Ready", "True"));
        assertThat(healthy.nodes().values()).containsOnly(HealthReport.NodeHealth.healthy());

        bed.provider.removeHost(UUID, bed.provider.hosts(UUID).stream()
                .filter(h -> h.name().equals("e2e-default-worker-0")).findFirst().orElseThrow());
        HealthReport workerDown = awaitHealth(driver, job, report -> report.status() == HealthReport.Status.UNHEALTHY);
        assertThat(workerDown.nodes()).containsEntry("e2e-default-worker-0",
                new HealthReport.NodeHealth(HealthReport.Status.UNHEALTHY, "node is down"));
        assertThat(workerDown.reasons()).containsEntry("e2e-default-worker-0.Ready", "False")
                .containsEntry(MANAGER + ".Ready", "True").doesNotContainKey("quorum");

        bed.provider.deleteCluster(UUID);
        HealthReport gone = driver.health(job);
        assertThat(gone.status()).isEqualTo(HealthReport.Status.UNKNOWN);
        assertThat(gone.reasons().get("api")).contains("did not answer");
        assertThat(gone.nodes().get(MANAGER).status()).isEqualTo(HealthReport.Status.UNKNOWN);
    }

    @Test
    void anAutolockedManagerRestartsLockedAndTheHealthCheckUnlocksIt() throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        workers.nodeCount = 0;
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline));
        job.cluster.labels = Map.of("autolock", "true");
        SwarmModeDriver driver = new SwarmModeDriver();
        run(() -> driver.create(job));
        List<String> escrowed = unlockKeys.keys(UUID);
        assertThat(escrowed).hasSize(1).allSatisfy(key -> assertThat(key).startsWith("SWMKEY-1-"));
        assertThat(job.events).anyMatch(e -> e.startsWith("autolock_on: "));
        EngineClient manager = EngineClient.connect(job.cluster.masterAddresses.get(0) + ":2376", bed.caas.pki.issue(
                "CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), bed.caas.pki.rootPem());

        bed.provider.restartEngine(MANAGER);
        assertThat(localNodeState(manager)).isEqualTo("locked");
        // a check may find the just restarted engine not answering yet (UNKNOWN); the next one finds it locked
        HealthReport whileLocked = awaitHealth(driver, job, report -> report.nodes().containsKey(MANAGER)
                && report.nodes().get(MANAGER).status() != HealthReport.Status.UNKNOWN);

        assertThat(whileLocked.status()).isEqualTo(HealthReport.Status.UNHEALTHY);
        assertThat(whileLocked.nodes().get(MANAGER).reason()).isEqualTo("manager was locked; caas unlocked it");
        assertThat(job.events).anyMatch(e -> e.startsWith("manager_unlocked: " + MANAGER));
        HealthReport after = awaitHealth(driver, job, report -> report.status() == HealthReport.Status.HEALTHY);
        assertThat(after.reasons()).containsEntry(MANAGER + ".Ready", "True");
        assertThat(manager.info().path("Swarm").path("LocalNodeState").asText()).isEqualTo("active");

        job.operation.action = "rotate_unlock_key";
        run(() -> driver.rotateUnlockKey(job));
        assertThat(unlockKeys.keys(UUID)).hasSize(2).startsWith(manager.unlockKey()).endsWith(escrowed.get(0));
        assertThat(manager.unlockKey()).isNotEqualTo(escrowed.get(0));
    }

    /** The engine's own view of its swarm membership, once it answers again after a restart. */
    private static String localNodeState(EngineClient engine) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                return engine.info().path("Swarm").path("LocalNodeState").asText();
            } catch (EngineApiException notYet) {
                assertThat(Instant.now()).as(notYet.getMessage()).isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static HealthReport awaitHealth(SwarmModeDriver driver, InMemoryClusterJob job,
                                            java.util.function.Predicate<HealthReport> wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        HealthReport report = driver.health(job);
        while (!wanted.test(report)) {
            assertThat(Instant.now()).as("last health report: " + report).isBefore(deadline);
            Thread.sleep(500);
            report = driver.health(job);
        }
        return report;
    }

    @Test
    void onAStackProviderEveryMissingNodeComesInOneBatchAndTheOthersWaitForTheirJoinToken() throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        StackedNetnsProvider stacked = new StackedNetnsProvider(bed.provider);
        InMemoryClusterJob job = job(() -> Instant.now().isAfter(deadline), stacked);
        SwarmModeDriver driver = new SwarmModeDriver();

        run(() -> driver.create(job));

        assertThat(stacked.batches).containsExactly(List.of(MANAGER, "e2e-default-worker-0"));
        assertThat(job.cluster().stackId).isEqualTo("stack-of-" + UUID);
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
        bed.caas.withholdEngineCertificates();
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
            for (var host : bed.provider.hosts(UUID)) {
                logs.append("\n--- ").append(host.name()).append('\n').append(bed.provider.bootstrapLog(host.name()));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private static ClusterNode row(InMemoryClusterJob job, String name) {
        return job.nodes().stream().filter(n -> name.equals(n.name)).findFirst().orElseThrow();
    }

    private InMemoryClusterJob job(BooleanSupplier timedOut) {
        return job(timedOut, bed.provider);
    }

    private InMemoryClusterJob job(BooleanSupplier timedOut, Provider provider) {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID;
        cluster.name = "e2e";
        cluster.masterLbEnabled = false;
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian";
        template.flavorId = "host";
        return bed.caas.serveNewJob(cluster, template, List.of(masters, workers), provider, unlockKeys, timedOut);
    }
}
