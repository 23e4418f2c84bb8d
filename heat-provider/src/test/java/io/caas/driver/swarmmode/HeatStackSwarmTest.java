package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.Provider;
import io.caas.provider.heat.HeatApi;
import io.caas.provider.heat.HeatProviderFactory;
import io.caas.provider.heat.StackObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm-mode driver on the heat provider, with the real Heat and Keystone and the production templates: what
 * Heat hands each server (read from the real stack) boots on a namespace host and builds the swarm on the cluster
 * CA; a resize adds a worker through a stack PATCH, a resize with nodes_to_remove drains one and PATCHes it out,
 * delete removes the stack. Nova/Neutron/Octavia/Cinder are the test cloud's TestResource facades; the port
 * facade hands out the addresses of the namespace hosts the test reserved for each node name.
 */
@ExtendWith(HeatPeer.class)
class HeatStackSwarmTest {
    /** A cluster id, and so a stack name (caas-ID), of this run's own: other runs use the same Heat at the same time. */
    private static final String UUID = java.util.UUID.randomUUID().toString();
    private static final String MANAGER = "hs-default-master-0";
    private static final List<String> WORKERS = List.of("hs-default-worker-0", "hs-default-worker-1");

    @TempDir
    Path dir;

    @Test
    void whatHeatHandsEachServerBootsTheSwarmAndScalingGoesThroughTheStack() throws Exception {
        NodeGroup masters = FakeCaas.nodeGroup("ng-m", "default-master", "master", 1, true);
        NodeGroup workers = FakeCaas.nodeGroup("ng-w", "default-worker", "worker", 1, true);
        // a network of its own, leased for this run: other namespace tests may run at the same time on this machine
        try (HeatTestCloud cloud = HeatTestCloud.create(dir, "environment.yaml",
                Stream.concat(Stream.of(MANAGER), WORKERS.stream()).toList(), List.of());
             FakeCaas caas = new FakeCaas(cloud.gatewayAddress())) {
            Provider heat = new HeatProviderFactory().create(config(cloud));
            InMemoryClusterJob job = caas.serveNewJob(cluster(), template(), List.of(masters, workers), heat,
                    new InMemoryUnlockKeys(), () -> false);
            SwarmModeDriver driver = new SwarmModeDriver();
            try (HeatServersOnHosts servers = cloud.boot(UUID);
                 StackObserver observer = new StackObserver(new HeatApi(), "caas-" + UUID)) {
                Instant started = Instant.now();
                run(() -> driver.create(job), cloud);
                Instant created = Instant.now();
                Duration create = Duration.between(started, created);
                // where the driver's create went: to Heat's start, Heat, and the swarm after the stack
                Instant heatStarted = observer.reached("CREATE_IN_PROGRESS", started).orElseThrow();
                Instant heatEnded = observer.reached("CREATE_COMPLETE", started).orElseThrow();
                String createProfile = String.format("Heat showed the stack in progress after %d ms, complete %d ms later;"
                                + " the swarm was ready %d ms after that", Duration.between(started, heatStarted).toMillis(),
                        Duration.between(heatStarted, heatEnded).toMillis(), Duration.between(heatEnded, created).toMillis());

                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state + " " + n.address).containsExactly(
                        MANAGER + " READY " + cloud.address(MANAGER),
                        WORKERS.get(0) + " READY " + cloud.address(WORKERS.get(0)));
                assertThat(servers.userDataByName).containsOnlyKeys(MANAGER, WORKERS.get(0));
                assertThat(servers.userDataByName.get(MANAGER)).contains("NODE_NAME='" + MANAGER + "'", "SWARM_ACTION='init'");
                assertThat(servers.userDataByName.get(WORKERS.get(0))).contains("SWARM_ACTION='join'");
                String managerAddress = cloud.address(MANAGER);
                EngineClient tenant = EngineClient.connect(managerAddress + ":2376",
                        caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), caas.pki.rootPem());
                assertThat(tenant.swarm().path("TLSInfo").path("TrustRoot").asText()).isEqualTo(caas.pki.rootPem());
                assertThat(job.cluster.masterAddresses).containsExactly(managerAddress);
                String stackId = heatStackId();
                assertThat(job.cluster.stackId).isEqualTo(stackId);

                workers.nodeCount = 2;
                started = Instant.now();
                run(() -> driver.resize(job, "ng-w", 2, List.of()), cloud);
                Duration scaleUp = Duration.between(started, Instant.now());
                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                        .containsExactly(MANAGER + " READY", WORKERS.get(0) + " READY", WORKERS.get(1) + " READY");
                assertThat(tenant.nodes()).hasSize(3);

                workers.nodeCount = 1;
                started = Instant.now();
                run(() -> driver.resize(job, "ng-w", 1, List.of(WORKERS.get(0))), cloud);
                Duration scaleDown = Duration.between(started, Instant.now());
                assertThat(job.nodes()).extracting(n -> n.name).containsExactly(MANAGER, WORKERS.get(1));
                assertThat(tenant.nodes()).extracting(SwarmNode::caasName).containsExactlyInAnyOrder(MANAGER, WORKERS.get(1));
                assertThat(heat.hosts(UUID)).extracting(h -> h.name()).containsExactlyInAnyOrder(MANAGER, WORKERS.get(1));
                // scaling changes the stack, never replaces it
                assertThat(job.cluster.stackId).isEqualTo(stackId).isEqualTo(heatStackId());

                started = Instant.now();
                run(() -> driver.delete(job), cloud);
                Duration delete = Duration.between(started, Instant.now());
                assertThat(heat.hosts(UUID)).isEmpty();
                assertThat(job.nodes()).isEmpty();
                assertThat(servers.problems()).as("the test cloud booting and removing servers").isEmpty();
                System.out.printf("swarm on heat: create 1+1 %d ms (%s), scale up to 2 workers %d ms, remove 1 worker %d ms,"
                        + " delete %d ms%n", create.toMillis(), createProfile, scaleUp.toMillis(), scaleDown.toMillis(),
                        delete.toMillis());
            } finally {
                heat.deleteCluster(UUID);
                cloud.deleteHosts(UUID);
            }
        }
    }

    @Test
    void aFailedStackFailsTheCreateWithHeatsReasonOnTheNodes() throws Exception {
        NodeGroup masters = FakeCaas.nodeGroup("ng-m", "default-master", "master", 1, true);
        NodeGroup workers = FakeCaas.nodeGroup("ng-w", "default-worker", "worker", 0, true);
        try (HeatTestCloud cloud = HeatTestCloud.create(dir, "environment-failing-servers.yaml",
                List.of(MANAGER), List.of());
             FakeCaas caas = new FakeCaas(cloud.gatewayAddress())) {
            Provider heat = new HeatProviderFactory().create(config(cloud));
            InMemoryClusterJob job = caas.serveNewJob(cluster(), template(), List.of(masters, workers), heat,
                    new InMemoryUnlockKeys(), () -> false);
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SwarmModeDriver().create(job))
                        .isInstanceOf(SwarmDriverException.class)
                        .hasMessageContaining("Nodes [" + MANAGER + "] failed at host creation: Heat stack caas-" + UUID
                                + " is CREATE_FAILED: resource server (OS::Heat::TestResource) failed: ValueError");
                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state).containsExactly(MANAGER + " FAILED");
                assertThat(job.nodes().get(0).message).contains("Test Resource failed server");
                // the failed stack stays on record for the operator to look into
                assertThat(job.cluster.stackId).isEqualTo(heatStackId());
            } finally {
                heat.deleteCluster(UUID);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(Step step, HeatTestCloud cloud) throws Exception {
        try {
            step.run();
        } catch (SwarmDriverException e) {
            throw new AssertionError(e.getMessage() + "\n" + cloud.diagnostics(UUID), e);
        }
    }

    /** The id the real Heat gave the cluster's stack. */
    private static String heatStackId() throws Exception {
        String id = new HeatApi().get("/stacks/caas-" + UUID).path("stack").path("id").asText();
        assertThat(id).isNotBlank();
        return id;
    }

    private static CaasConfig config(HeatTestCloud cloud) {
        return CaasConfig.empty().with("heat", "auth_url", KeystonePeer.URL).with("heat", "password", "caas_pass")
                .with("heat", "control_plane_address", cloud.gatewayAddress()).with("heat", "poll_interval_ms", "500")
                .with("heat", "environment", cloud.environment().toString());
    }

    private static Cluster cluster() {
        Cluster cluster = new Cluster();
        cluster.uuid = UUID;
        cluster.name = "hs";
        cluster.masterLbEnabled = false;
        cluster.createTimeout = 15;
        return cluster;
    }

    private static ClusterTemplate template() {
        ClusterTemplate template = new ClusterTemplate();
        template.imageId = "debian-12";
        template.flavorId = "m1.small";
        template.externalNetworkId = "public";
        template.floatingIpEnabled = false;
        return template;
    }
}
