package io.caas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Provider;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rolling upgrade and auto-heal on one 3+2 cluster of `caas dev`'s stack, driven with the real openstack and docker
 * CLIs: `coe cluster upgrade --max-batch-size 1` replaces every node by a host of the new template while a
 * host-network busybox httpd service (dnsrr, one replica per node) keeps all but one replica answering and
 * `docker node ls` keeps answering through api_address; then a worker's and a manager's dockerd are killed and
 * auto-heal (auto_healing_enabled=true, a short grace) replaces them while quorum holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmHealUpgradeAcceptanceTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(6);
    private static final int HTTP_PORT = 8080;
    private static final int REPLICAS = 3;
    private static final String IMAGE = "caas-test/busybox:1";

    /** Short on purpose: dockerd's and containerd's unix sockets live below it (108-byte limit). */
    private static final Path dir = Path.of("/tmp", "caas-h-" + ProcessHandle.current().pid());
    private static DevStack stack;
    private static Cli cli;
    private static Provider local;
    private static String clusterId;
    private static Map<String, String> dockerEnv;
    private static ImageSeeder seeder;

    @BeforeAll
    static void startCaas() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir);
        CaasConfig config = DevCommand.devDefaults(CaasConfig.parse("", Map.of()), dir.resolve("data"), port)
                .with("conductor", "heartbeat_interval", "2")
                .with("conductor", "sweep_interval", "2")
                .with("health", "interval", "2s")
                .with("health", "auto_heal_grace", "5s");
        stack = DevStack.start(config);
        local = stack.providers().named("local").orElseThrow();
        cli = new Cli(Files.createDirectories(dir.resolve("home")), stack.apiPort());
    }

    /** Whatever a failed test left running goes too: hosts, namespaces, bridges, the load balancer. */
    @AfterAll
    static void stopCaas() throws Exception {
        if (stack != null) {
            for (String cluster : stack.database().transaction(s -> s.createQuery("select uuid from Cluster", String.class).list())) {
                local.deleteCluster(cluster);
            }
            stack.close();
        }
        run("rm", "-rf", dir.toString());
    }

    @Test
    @Order(1)
    void anAutoHealingClusterRunsAServiceWithAReplicaPerNode() throws Exception {
        cli.openstack("coe", "cluster", "template", "create", "swarm", "--coe", "swarm-mode", "--image", "swarm-local",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--master-lb-enabled", "--labels", "auto_healing_enabled=true").ok();
        Instant start = Instant.now();
        cli.openstack("coe", "cluster", "create", "life", "--cluster-template", "swarm", "--master-count", "3",
                "--node-count", "2").ok();
        JsonNode cluster = awaitStatus("CREATE_COMPLETE", start);
        System.out.printf("caas: 3+2 cluster CREATE_COMPLETE in %.1f s%n", seconds(start));
        clusterId = cluster.get("uuid").asText();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        dockerEnv = exportsOf(cli.openstack("coe", "cluster", "config", "life", "--dir", certs.toString(),
                "--output-certs").ok().out());

        // swarm declares a silent node down after a few dispatcher heartbeats (5 s each by default); a tenant may
        // shorten them, and so does this test, so that detection does not dominate the time to heal
        cli.docker(dockerEnv, "swarm", "update", "--dispatcher-heartbeat", "1s").ok();
        seeder = new ImageSeeder(local, clusterId, cli, dockerEnv, busyboxImage(), IMAGE);
        assertThat(seeder.seedNewHosts()).isEqualTo(5);
        cli.docker(dockerEnv, "service", "create", "--detach", "--name", "web", "--endpoint-mode", "dnsrr",
                "--network", "host", "--replicas", Integer.toString(REPLICAS), "--replicas-max-per-node", "1",
                "--no-resolve-image", IMAGE, "/bin/busybox", "httpd", "-f", "-p", Integer.toString(HTTP_PORT),
                "-h", "/www").ok();
        awaitTrue("3 replicas answering", () -> ServiceProbe.answering(local, clusterId, HTTP_PORT) == REPLICAS);
    }

    @Test
    @Order(2)
    void upgradeReplacesEveryNodeOneAtATimeWhileTheServiceAndTheApiAnswer() throws Exception {
        cli.openstack("coe", "cluster", "template", "create", "swarm-medium", "--coe", "swarm-mode", "--image",
                "swarm-local", "--external-network", "public", "--flavor", "m1.medium", "--master-flavor", "m1.medium",
                "--master-lb-enabled", "--labels", "auto_healing_enabled=true,tier=medium").ok();
        String target = cli.openstack("coe", "cluster", "template", "show", "swarm-medium", "-f", "value", "-c", "uuid")
                .ok().out().strip();
        List<String> hostsBefore = local.hosts(clusterId).stream().map(h -> h.id()).toList();

        Instant start = Instant.now();
        try (ServiceProbe probe = new ServiceProbe(local, clusterId, HTTP_PORT, cli, dockerEnv, seeder)) {
            cli.openstack("coe", "cluster", "upgrade", "life", "swarm-medium",
                    "--max-batch-size", "1").ok();
            JsonNode cluster = awaitStatus("UPDATE_COMPLETE", start);
            System.out.printf("caas: upgrade of 3+2 nodes (max_batch_size 1) UPDATE_COMPLETE in %.1f s;"
                    + " fewest of %d replicas answering: %d over %d probes; docker node ls: %d calls, %d failed%n",
                    seconds(start), REPLICAS, probe.fewestAnswering(), probe.rounds(), probe.nodeLsCalls(),
                    probe.nodeLsFailures().size());
            assertThat(probe.fewestAnswering()).as("replicas answering all along").isGreaterThanOrEqualTo(REPLICAS - 1);
            assertThat(probe.nodeLsFailures()).as("docker node ls through api_address").isEmpty();
            assertThat(cluster.get("cluster_template_id").asText()).isEqualTo(target);
            assertThat(cluster.get("flavor_id").asText()).isEqualTo("m1.medium");
            assertThat(cluster.get("labels").toString()).contains("tier");
        }
        assertThat(local.hosts(clusterId)).hasSize(5).noneMatch(h -> hostsBefore.contains(h.id()));
        assertThat(hostFlavors()).containsOnly("m1.medium").hasSize(5);
        assertThat(nodeLines()).hasSize(5).allSatisfy(line -> assertThat(line).contains(" Ready "));
        List<String> kinds = eventKinds();
        assertThat(kinds.stream().filter("node_replaced"::equals)).hasSize(5);
        assertThat(kinds).contains("upgraded", "upgrade_complete");
        awaitTrue("3 replicas answering", () -> ServiceProbe.answering(local, clusterId, HTTP_PORT) == REPLICAS);
    }

    @Test
    @Order(3)
    void aWorkerWhoseEngineDiesIsReplacedByAutoHeal() throws Exception {
        healAfterKilling("worker");
    }

    @Test
    @Order(4)
    void aManagerWhoseEngineDiesIsReplacedWhileQuorumHolds() throws Exception {
        healAfterKilling("manager");
    }

    @Test
    @Order(5)
    void deleteLeavesNoHostBehind() throws Exception {
        cli.openstack("coe", "cluster", "delete", "life").ok();
        awaitTrue("cluster gone", () -> cli.openstack("coe", "cluster", "show", "life").exit() != 0);
        assertThat(local.hosts(clusterId)).isEmpty();
    }

    /** Kills the engine of a node of {@code role} (not the leader) and waits until auto-heal replaced it. */
    private static void healAfterKilling(String role) throws Exception {
        String victim = nodeLines().stream().filter(line -> line.contains("-" + (role.equals("manager") ? "master" : "worker") + "-"))
                .filter(line -> !line.endsWith(" Leader")).findFirst().orElseThrow().split(" ")[0];
        int replacedBefore = (int) eventKinds().stream().filter("node_replaced"::equals).count();
        Instant start = Instant.now();
        try (ServiceProbe probe = new ServiceProbe(local, clusterId, HTTP_PORT, cli, dockerEnv, seeder)) {
            killEngine(victim);
            awaitTrue(victim + " replaced", () -> eventKinds().stream().filter("node_replaced"::equals).count() > replacedBefore);
            JsonNode cluster = awaitStatus("UPDATE_COMPLETE", start);
            awaitTrue("cluster HEALTHY", () -> "HEALTHY".equals(show().path("health_status").asText()));
            System.out.printf("caas: %s %s killed -> replaced by auto-heal and cluster HEALTHY in %.1f s;"
                    + " docker node ls: %d calls, %d failed; fewest of %d replicas answering: %d%n", role, victim,
                    seconds(start), probe.nodeLsCalls(), probe.nodeLsFailures().size(), REPLICAS, probe.fewestAnswering());
            assertThat(cluster.get("status_reason").isNull() || cluster.get("status_reason").asText().isEmpty()).isTrue();
            assertThat(probe.nodeLsFailures()).as("docker node ls through api_address").isEmpty();
        }
        assertThat(nodeLines()).hasSize(5).allSatisfy(line -> assertThat(line).contains(" Ready "))
                .filteredOn(line -> line.contains("-master-")).allSatisfy(line ->
                        assertThat(line).matches(".* (Leader|Reachable)$"));
        String replaced = stack.database().transaction(s -> s.createQuery(
                        "select message from ClusterEvent where clusterId = :c and kind = 'node_replaced' order by id desc",
                        String.class).setParameter("c", clusterId).setMaxResults(1).uniqueResult());
        assertThat(replaced).startsWith(victim + " replaced (unhealthy for more than 5 s");
    }

    /** The local provider's host of {@code node} is a directory with its dockerd's pid: kill -9 it, as a crash would. */
    private static void killEngine(String node) throws Exception {
        try (Stream<Path> hosts = Files.walk(dir.resolve("data/local/clusters"), 4)) {
            Path hostDir = hosts.filter(p -> p.getFileName().toString().equals("host.json"))
                    .filter(p -> hostRecord(p).path("name").asText().equals(node)).findFirst().orElseThrow().getParent();
            String pid = Files.readString(hostDir.resolve("docker.pid")).strip();
            run("kill", "-9", pid);
        }
    }

    private static List<String> hostFlavors() throws Exception {
        try (Stream<Path> hosts = Files.walk(dir.resolve("data/local/clusters"), 4)) {
            return hosts.filter(p -> p.getFileName().toString().equals("host.json"))
                    .map(p -> hostRecord(p).path("flavor").asText()).toList();
        }
    }

    private static JsonNode hostRecord(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A rootfs of busybox and a page that says ok, as an image tarball for `docker import`. */
    private static Path busyboxImage() throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.writeString(rootfs.resolve("www/index.html"), "ok\n");
        Path image = dir.resolve("busybox.tar");
        run("tar", "-C", rootfs.toString(), "-cf", image.toString(), ".");
        return image;
    }

    private static JsonNode show() throws Exception {
        return cli.openstack("coe", "cluster", "show", "life", "-f", "json").ok().json();
    }

    private static List<String> eventKinds() throws Exception {
        return stack.database().transaction(s -> s.createQuery(
                "select kind from ClusterEvent where clusterId = :c order by id", String.class).setParameter("c", clusterId).list());
    }

    private static JsonNode awaitStatus(String wanted, Instant since) throws Exception {
        Instant deadline = since.plus(TIMEOUT);
        while (true) {
            JsonNode cluster = show();
            String status = cluster.get("status").asText();
            if (status.equals(wanted)) {
                return cluster;
            }
            assertThat(status).as("status_reason: " + cluster.path("status_reason").asText()).doesNotEndWith("_FAILED");
            assertThat(Instant.now()).as("still " + status + " after " + TIMEOUT).isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!check.holds()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /** "hostname status availability [manager status]" per node, as docker node ls prints them. */
    private static List<String> nodeLines() throws Exception {
        String out = cli.docker(dockerEnv, "node", "ls", "--format",
                "{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}").ok().out();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static Map<String, String> exportsOf(String output) {
        Map<String, String> env = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1].replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }
}
