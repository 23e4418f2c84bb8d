package io.caas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.config.CaasConfig;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tenant's path end to end, on `caas dev`'s stack and the local provider: the real openstack CLI creates a
 * swarm-mode template and a 3+2 cluster of real dockerd hosts; docker's CLI, with the bundle from
 * `coe cluster config`, sees every node Ready on certificates from the cluster CA; resize adds and removes real
 * workers; delete leaves nothing on the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmClusterAcceptanceTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(6);

    /** Short on purpose: dockerd's and containerd's unix sockets live below it (108-byte limit). */
    private static final Path dir = Path.of("/tmp", "caas-e2e-" + ProcessHandle.current().pid());
    private static DevStack stack;
    private static Cli cli;
    private static Map<String, String> dockerEnv;

    @BeforeAll
    static void startCaas() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir);
        CaasConfig config = DevCommand.devDefaults(CaasConfig.parse("", Map.of()), dir.resolve("data"), port)
                .with("conductor", "heartbeat_interval", "2");
        stack = DevStack.start(config);
        Path home = Files.createDirectories(dir.resolve("home"));
        cli = new Cli(home, stack.apiPort());
    }

    /** Whatever a failed test left running goes too: hosts, namespaces, bridges, the load balancer. */
    @AfterAll
    static void stopCaas() throws Exception {
        if (stack != null) {
            List<String> clusters = stack.database().transaction(s -> s.createQuery(
                    "select uuid from Cluster", String.class).list());
            for (String cluster : clusters) {
                stack.providers().named("local").orElseThrow().deleteCluster(cluster);
            }
            stack.close();
        }
        run("rm", "-rf", dir.toString());
    }

    @Test
    @Order(1)
    void aThreeManagerTwoWorkerClusterComesUpThroughTheCli() throws Exception {
        cli.openstack("coe", "cluster", "template", "create", "swarm", "--coe", "swarm-mode", "--image", "swarm-local",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--master-lb-enabled", "-f", "json").ok();
        Instant start = Instant.now();
        cli.openstack("coe", "cluster", "create", "demo", "--cluster-template", "swarm", "--master-count", "3",
                "--node-count", "2").ok();

        JsonNode cluster = awaitStatus("demo", "CREATE_COMPLETE");
        System.out.printf("caas: 3+2 cluster CREATE_COMPLETE in %.1f s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
        assertThat(cluster.get("api_address").asText()).startsWith("tcp://").endsWith(":2376");
        assertThat(cluster.get("master_addresses")).hasSize(3);
        assertThat(cluster.get("node_addresses")).hasSize(2);
        assertThat(cluster.get("coe_version").asText()).isNotBlank();

        Path certs = Files.createDirectories(dir.resolve("demo-certs"));
        String exports = cli.openstack("coe", "cluster", "config", "demo", "--dir", certs.toString(), "--output-certs").ok().out();
        dockerEnv = exportsOf(exports);
        assertThat(dockerEnv).containsKeys("DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY");
        assertThat(dockerEnv.get("DOCKER_HOST")).isEqualTo(cluster.get("api_address").asText());

        List<String> nodes = nodeLines();
        assertThat(nodes).hasSize(5).allSatisfy(line -> assertThat(status(line)).isEqualTo("Ready"));
        assertThat(nodes).filteredOn(line -> line.endsWith(" Leader")).hasSize(1);
        assertThat(nodes).filteredOn(line -> line.endsWith(" Reachable")).hasSize(2);

        X509Certificate ca = certificate(cli.openstack("coe", "ca", "show", "demo").ok().out());
        String caKey = Base64.getEncoder().encodeToString(ca.getPublicKey().getEncoded());
        for (String id : cli.docker(dockerEnv, "node", "ls", "-q").ok().out().strip().split("\\s+")) {
            String issuerKey = cli.docker(dockerEnv, "node", "inspect", "--format",
                    "{{json .Description.TLSInfo.CertIssuerPublicKey}}", id).ok().out().strip().replace("\"", "");
            assertThat(issuerKey).as("node %s certificate issuer", id).isEqualTo(caKey);
        }
    }

    @Test
    @Order(2)
    void aDnsrrServiceOfAnImportedImageRunsAcrossTheWorkers() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Path image = dir.resolve("busybox.tar");
        run("tar", "-C", dir.resolve("rootfs").toString(), "-cf", image.toString(), ".");
        JsonNode cluster = cli.openstack("coe", "cluster", "show", "demo", "-f", "json").ok().json();
        for (JsonNode address : concat(cluster.get("master_addresses"), cluster.get("node_addresses"))) {
            Map<String, String> node = new HashMap<>(dockerEnv);
            node.put("DOCKER_HOST", "tcp://" + address.asText() + ":2376");
            cli.docker(node, "import", image.toString(), "caas-test/busybox:1").ok();
        }

        cli.docker(dockerEnv, "service", "create", "--detach", "--name", "sleeper", "--endpoint-mode", "dnsrr",
                "--replicas", "2", "--constraint", "node.role==worker", "--no-resolve-image",
                "caas-test/busybox:1", "/bin/busybox", "sleep", "3600").ok();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<String> running;
        do {
            Thread.sleep(1000);
            String tasks = cli.docker(dockerEnv, "service", "ps", "sleeper", "--filter", "desired-state=running",
                    "--format", "{{.Node}} {{.CurrentState}}").ok().out();
            running = Arrays.stream(tasks.split("\n")).filter(t -> t.contains(" Running")).toList();
            assertThat(Instant.now()).as("tasks: " + tasks).isBefore(deadline);
        } while (running.size() < 2);
        assertThat(running).extracting(t -> t.split(" ")[0]).doesNotHaveDuplicates()
                .allSatisfy(node -> assertThat(node).contains("-worker-"));
        cli.docker(dockerEnv, "service", "rm", "sleeper").ok();
    }

    @Test
    @Order(3)
    void resizeAddsAndRemovesRealWorkers() throws Exception {
        cli.openstack("coe", "cluster", "resize", "demo", "4").ok();
        awaitStatus("demo", "UPDATE_COMPLETE");
        assertThat(nodeLines()).hasSize(7).allSatisfy(line -> assertThat(status(line)).isEqualTo("Ready"));

        cli.openstack("coe", "cluster", "resize", "demo", "1").ok();
        awaitStatus("demo", "UPDATE_COMPLETE");
        assertThat(nodeLines()).hasSize(4);
    }

    @Test
    @Order(4)
    void killingTheLeadersHostKeepsTheApiAddressAnswering() throws Exception {
        String leader = nodeLines().stream().filter(line -> line.endsWith(" Leader")).findFirst().orElseThrow()
                .split(" ")[0];
        String clusterId = cli.openstack("coe", "cluster", "show", "demo", "-f", "value", "-c", "uuid").ok().out().strip();
        var local = stack.providers().named("local").orElseThrow();
        local.removeHost(clusterId, local.hosts(clusterId).stream().filter(h -> h.name().equals(leader)).findFirst()
                .orElseThrow());

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Cli.Run ls = cli.docker(dockerEnv, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}");
            if (ls.exit() == 0 && ls.out().lines().anyMatch(l -> l.endsWith(" Leader") && !l.startsWith(leader + " "))
                    && ls.out().lines().anyMatch(l -> l.startsWith(leader + " Down"))) {
                break;
            }
            assertThat(Instant.now()).as("docker node ls through " + dockerEnv.get("DOCKER_HOST") + ": " + ls.err() + ls.out())
                    .isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    @Test
    @Order(5)
    void deleteLeavesNothingBehind() throws Exception {
        String clusterId = cli.openstack("coe", "cluster", "show", "demo", "-f", "value", "-c", "uuid").ok().out().strip();
        // the local provider names a cluster's bridge, namespaces and veths after the first 8 hex digits of the
        // SHA-256 of its uuid; other clusters on this machine are none of this test's business
        String shortId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(clusterId.getBytes(StandardCharsets.UTF_8)), 0, 4);
        cli.openstack("coe", "cluster", "delete", "demo").ok();
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        while (cli.openstack("coe", "cluster", "show", "demo").exit() == 0) {
            assertThat(Instant.now()).as("cluster still there").isBefore(deadline);
            Thread.sleep(1000);
        }
        assertThat(new ProcessBuilder("ip", "netns", "list").start().inputReader().lines().toList())
                .noneMatch(ns -> ns.startsWith("cn" + shortId));
        assertThat(new ProcessBuilder("ip", "-o", "link", "show").start().inputReader().lines().toList())
                .noneMatch(link -> link.contains("caas" + shortId) || link.contains("cv" + shortId));
        try (var left = Files.list(dir.resolve("data").resolve("local").resolve("clusters"))) {
            assertThat(left.toList()).isEmpty();
        } catch (java.nio.file.NoSuchFileException gone) {
            // no cluster directory at all: nothing left either
        }
    }

    private static JsonNode awaitStatus(String name, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        while (true) {
            JsonNode cluster = cli.openstack("coe", "cluster", "show", name, "-f", "json").ok().json();
            String status = cluster.get("status").asText();
            if (status.equals(wanted)) {
                return cluster;
            }
            assertThat(status).as("status_reason: " + cluster.path("status_reason").asText()).doesNotEndWith("_FAILED");
            assertThat(Instant.now()).as("still " + status + " after " + BUILD_TIMEOUT).isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    /** "hostname status [manager status]" per node, as docker node ls prints them. */
    private static List<String> nodeLines() throws Exception {
        String out = cli.docker(dockerEnv, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}").ok().out();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String status(String nodeLine) {
        return nodeLine.split(" ")[1];
    }

    private static List<JsonNode> concat(JsonNode first, JsonNode second) {
        List<JsonNode> all = new java.util.ArrayList<>();
        first.forEach(all::add);
        second.forEach(all::add);
        return all;
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

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
