package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.Provider;
import io.caas.provider.heat.HeatApi;
import io.caas.provider.heat.HeatProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final String UUID = "5e3c1a7d-9b2f-4c8e-a6d4-1f0b2e3c4d5a";
    private static final String MANAGER = "hs-default-master-0";
    private static final List<String> WORKERS = List.of("hs-default-worker-0", "hs-default-worker-1");

    @TempDir
    Path dir;

    @Test
    void whatHeatHandsEachServerBootsTheSwarmAndScalingGoesThroughTheStack() throws Exception {
        NodeGroup masters = group("ng-m", "default-master", "master", 1);
        NodeGroup workers = group("ng-w", "default-worker", "worker", 1);
        // a network of its own: SwarmModeDriverTest may run at the same time on this machine
        try (TestNetwork network = TestNetwork.create("swht", "198.18.214");
             FakeCaas caas = new FakeCaas(network.gatewayAddress())) {
            NetnsProvider hosts = new NetnsProvider(network, dir.resolve("hosts"));
            Map<String, Integer> numbers = new LinkedHashMap<>();
            Stream.concat(Stream.of(MANAGER), WORKERS.stream()).forEach(name -> numbers.put(name, network.nextHostNumber()));
            Provider heat = new HeatProviderFactory().create(config(environmentWithAddresses(network, numbers, "environment.yaml"), network));
            InMemoryClusterJob job = new InMemoryClusterJob(cluster(), template(), List.of(masters, workers), heat,
                    Map.of(ClusterPki.class, caas, JoinTokens.class, caas, NodeBootstrapEndpoint.class, caas),
                    () -> false);
            caas.serve(job);
            SwarmModeDriver driver = new SwarmModeDriver();
            try (HeatServersOnHosts servers = new HeatServersOnHosts(new HeatApi(), "caas-" + UUID, UUID, hosts, numbers)) {
                Instant started = Instant.now();
                run(() -> driver.create(job), hosts, servers);
                Duration create = Duration.between(started, Instant.now());

                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state + " " + n.address).containsExactly(
                        MANAGER + " READY " + network.address(numbers.get(MANAGER)),
                        WORKERS.get(0) + " READY " + network.address(numbers.get(WORKERS.get(0))));
                assertThat(servers.userDataByName).containsOnlyKeys(MANAGER, WORKERS.get(0));
                assertThat(servers.userDataByName.get(MANAGER)).contains("NODE_NAME='" + MANAGER + "'", "SWARM_ACTION='init'");
                assertThat(servers.userDataByName.get(WORKERS.get(0))).contains("SWARM_ACTION='join'");
                String managerAddress = network.address(numbers.get(MANAGER));
                EngineClient tenant = EngineClient.connect(managerAddress + ":2376",
                        caas.pki.issue("CN=tenant", List.of(), KeyPurposeId.id_kp_clientAuth), caas.pki.rootPem());
                assertThat(tenant.swarm().path("TLSInfo").path("TrustRoot").asText()).isEqualTo(caas.pki.rootPem());
                assertThat(job.cluster.masterAddresses).containsExactly(managerAddress);

                workers.nodeCount = 2;
                started = Instant.now();
                run(() -> driver.resize(job, "ng-w", 2, List.of()), hosts, servers);
                Duration scaleUp = Duration.between(started, Instant.now());
                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state)
                        .containsExactly(MANAGER + " READY", WORKERS.get(0) + " READY", WORKERS.get(1) + " READY");
                assertThat(tenant.nodes()).hasSize(3);

                workers.nodeCount = 1;
                started = Instant.now();
                run(() -> driver.resize(job, "ng-w", 1, List.of(WORKERS.get(0))), hosts, servers);
                Duration scaleDown = Duration.between(started, Instant.now());
                assertThat(job.nodes()).extracting(n -> n.name).containsExactly(MANAGER, WORKERS.get(1));
                assertThat(tenant.nodes()).extracting(SwarmNode::caasName).containsExactlyInAnyOrder(MANAGER, WORKERS.get(1));
                assertThat(heat.hosts(UUID)).extracting(h -> h.name()).containsExactlyInAnyOrder(MANAGER, WORKERS.get(1));

                started = Instant.now();
                run(() -> driver.delete(job), hosts, servers);
                Duration delete = Duration.between(started, Instant.now());
                assertThat(heat.hosts(UUID)).isEmpty();
                assertThat(job.nodes()).isEmpty();
                System.out.printf("swarm on heat: create 1+1 %d ms, scale up to 2 workers %d ms, remove 1 worker %d ms,"
                        + " delete %d ms%n", create.toMillis(), scaleUp.toMillis(), scaleDown.toMillis(), delete.toMillis());
            } finally {
                heat.deleteCluster(UUID);
                hosts.deleteCluster(UUID);
            }
        }
    }

    @Test
    void aFailedStackFailsTheCreateWithHeatsReasonOnTheNodes() throws Exception {
        NodeGroup masters = group("ng-m", "default-master", "master", 1);
        NodeGroup workers = group("ng-w", "default-worker", "worker", 0);
        try (TestNetwork network = TestNetwork.create("swht", "198.18.214");
             FakeCaas caas = new FakeCaas(network.gatewayAddress())) {
            Map<String, Integer> numbers = Map.of(MANAGER, network.nextHostNumber());
            Provider heat = new HeatProviderFactory().create(config(
                    environmentWithAddresses(network, numbers, "environment-failing-servers.yaml"), network));
            InMemoryClusterJob job = new InMemoryClusterJob(cluster(), template(), List.of(masters, workers), heat,
                    Map.of(ClusterPki.class, caas, JoinTokens.class, caas, NodeBootstrapEndpoint.class, caas),
                    () -> false);
            caas.serve(job);
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SwarmModeDriver().create(job))
                        .isInstanceOf(SwarmDriverException.class)
                        .hasMessageContaining("Nodes [" + MANAGER + "] failed at host creation: Heat stack caas-" + UUID
                                + " is CREATE_FAILED: resource server (OS::Heat::TestResource) failed: ValueError");
                assertThat(job.nodes()).extracting(n -> n.name + " " + n.state).containsExactly(MANAGER + " FAILED");
                assertThat(job.nodes().get(0).message).contains("Test Resource failed server");
            } finally {
                heat.deleteCluster(UUID);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(Step step, NetnsProvider hosts, HeatServersOnHosts servers) throws Exception {
        try {
            step.run();
        } catch (SwarmDriverException e) {
            StringBuilder logs = new StringBuilder(e.getMessage()).append("\ncloud: ").append(servers.problem);
            for (var host : hosts.hosts(UUID)) {
                logs.append("\n--- ").append(host.name()).append('\n').append(hosts.bootstrapLog(host.name()));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    /** The test cloud's environment plus the addresses the port facades hand out, by node name. */
    private Path environmentWithAddresses(TestNetwork network, Map<String, Integer> numbers, String base) throws Exception {
        Path source = Path.of(HeatStackSwarmTest.class.getResource("/io/caas/provider/heat/test-cloud/environment.yaml").toURI()).getParent();
        Path target = dir.resolve("cloud");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.getFileName().toString().startsWith("environment")) {
                    Files.copy(file, copy);
                }
            }
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        numbers.forEach((name, n) -> addresses.put(name, network.address(n)));
        Path environment = target.resolve("environment.yaml");
        String text = Files.readString(source.resolve(base));
        Files.writeString(environment, text + (text.contains("parameter_defaults:") ? "" : "parameter_defaults:\n")
                + "  facade_addresses: " + new ObjectMapper().writeValueAsString(addresses) + "\n");
        return environment;
    }

    private static CaasConfig config(Path environment, TestNetwork network) {
        return CaasConfig.empty().with("heat", "auth_url", KeystonePeer.URL).with("heat", "password", "caas_pass")
                .with("heat", "control_plane_address", network.gatewayAddress()).with("heat", "poll_interval_ms", "500")
                .with("heat", "environment", environment.toString());
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
