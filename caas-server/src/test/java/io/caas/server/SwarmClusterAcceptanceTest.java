package io.caas.server;

import static io.caas.server.AcceptanceCluster.BUILD_TIMEOUT;
import static io.caas.server.AcceptanceCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
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
 * `coe cluster config`, sees every node Ready on certificates from the cluster CA; `coe ca rotate` moves every node
 * and engine to a new root (the old bundle refused, a new one working); rotated join tokens refuse a fresh engine
 * holding an old one; resize adds and removes real workers; delete leaves nothing on the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmClusterAcceptanceTest {
    private static AcceptanceCluster demo;

    @BeforeAll
    static void startCaas() throws Exception {
        demo = AcceptanceCluster.start("e2e", "demo", config -> config);
    }

    @AfterAll
    static void stopCaas() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void aThreeManagerTwoWorkerClusterComesUpThroughTheCli() throws Exception {
        demo.cli.openstack("coe", "cluster", "template", "create", "swarm", "--coe", "swarm-mode", "--image", "swarm-local",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--master-lb-enabled", "-f", "json").ok();
        Instant start = Instant.now();
        demo.cli.openstack("coe", "cluster", "create", "demo", "--cluster-template", "swarm", "--master-count", "3",
                "--node-count", "2").ok();

        JsonNode cluster = demo.awaitStatus("CREATE_COMPLETE");
        System.out.printf("caas: 3+2 cluster CREATE_COMPLETE in %.1f s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
        assertThat(cluster.get("api_address").asText()).startsWith("tcp://").endsWith(":2376");
        assertThat(cluster.get("master_addresses")).hasSize(3);
        assertThat(cluster.get("node_addresses")).hasSize(2);
        assertThat(cluster.get("coe_version").asText()).isNotBlank();

        Map<String, String> dockerEnv = demo.fetchBundle("demo-certs");
        assertThat(dockerEnv).containsKeys("DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY");
        assertThat(dockerEnv.get("DOCKER_HOST")).isEqualTo(cluster.get("api_address").asText());

        List<String> nodes = demo.nodeLines();
        assertThat(nodes).hasSize(5).allSatisfy(line -> assertThat(status(line)).isEqualTo("Ready"));
        assertThat(nodes).filteredOn(line -> line.endsWith(" Leader")).hasSize(1);
        assertThat(nodes).filteredOn(line -> line.endsWith(" Reachable")).hasSize(2);

        String caKey = publicKey(demo.cli.openstack("coe", "ca", "show", "demo").ok().out());
        assertThat(issuerKeys()).hasSize(5).allSatisfy(issuer -> assertThat(issuer).isEqualTo(caKey));
    }

    @Test
    @Order(2)
    void aDnsrrServiceOfAnImportedImageRunsAcrossTheWorkers() throws Exception {
        Path image = demo.busyboxImage();
        JsonNode cluster = demo.show();
        for (JsonNode address : concat(cluster.get("master_addresses"), cluster.get("node_addresses"))) {
            demo.cli.docker(demo.dockerEnvAt(address.asText()), "import", image.toString(), "caas-test/busybox:1").ok();
        }

        demo.cli.docker(demo.dockerEnv, "service", "create", "--detach", "--name", "sleeper", "--endpoint-mode", "dnsrr",
                "--replicas", "2", "--constraint", "node.role==worker", "--no-resolve-image",
                "caas-test/busybox:1", "/bin/busybox", "sleep", "3600").ok();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<String> running;
        do {
            Thread.sleep(1000);
            String tasks = demo.cli.docker(demo.dockerEnv, "service", "ps", "sleeper", "--filter", "desired-state=running",
                    "--format", "{{.Node}} {{.CurrentState}}").ok().out();
            running = Arrays.stream(tasks.split("\n")).filter(t -> t.contains(" Running")).toList();
            assertThat(Instant.now()).as("tasks: " + tasks).isBefore(deadline);
        } while (running.size() < 2);
        assertThat(running).extracting(t -> t.split(" ")[0]).doesNotHaveDuplicates()
                .allSatisfy(node -> assertThat(node).contains("-worker-"));
        demo.cli.docker(demo.dockerEnv, "service", "rm", "sleeper").ok();
    }

    @Test
    @Order(3)
    void coeCaRotateMovesEveryNodeAndEngineToANewRoot() throws Exception {
        String oldKey = publicKey(demo.cli.openstack("coe", "ca", "show", "demo").ok().out());
        Map<String, String> oldBundle = demo.dockerEnv;
        Instant start = Instant.now();

        demo.cli.openstack("coe", "ca", "rotate", "demo").ok();

        demo.awaitStatus("UPDATE_COMPLETE");
        System.out.printf("caas: coe ca rotate on 3+2 UPDATE_COMPLETE in %.1f s as the CLI saw it; the operation: %s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0, demo.eventMessage("ca_rotated"));
        String newKey = publicKey(demo.cli.openstack("coe", "ca", "show", "demo").ok().out());
        assertThat(newKey).isNotEqualTo(oldKey);
        demo.fetchBundle("demo-certs-rotated");
        Path certs = demo.dir.resolve("demo-certs-rotated");
        assertThat(demo.nodeLines()).hasSize(5).allSatisfy(line -> assertThat(status(line)).isEqualTo("Ready"));
        assertThat(issuerKeys()).hasSize(5).allSatisfy(issuer -> assertThat(issuer).isEqualTo(newKey));
        Cli.Run refused = demo.cli.docker(oldBundle, "node", "ls");
        assertThat(refused.exit()).as("the bundle from before the rotation: " + refused.out()).isNotZero();
        System.out.println("caas: the old bundle is refused: " + refused.err().strip());
        // the old client certificate, even with the new root to check the engine by: every engine refuses it
        Path oldClient = Files.createDirectories(demo.dir.resolve("old-client-new-ca"));
        Files.copy(certs.resolve("ca.pem"), oldClient.resolve("ca.pem"));
        for (String file : List.of("cert.pem", "key.pem")) {
            Files.copy(Path.of(oldBundle.get("DOCKER_CERT_PATH")).resolve(file), oldClient.resolve(file));
        }
        JsonNode cluster = demo.show();
        for (JsonNode address : concat(cluster.get("master_addresses"), cluster.get("node_addresses"))) {
            Map<String, String> node = demo.dockerEnvAt(address.asText());
            assertThat(demo.cli.docker(node, "info", "--format", "{{.Swarm.LocalNodeState}}").ok().out().strip())
                    .as("new bundle at " + address).isEqualTo("active");
            node.put("DOCKER_CERT_PATH", oldClient.toString());
            Cli.Run old = demo.cli.docker(node, "version");
            assertThat(old.exit()).as("old client certificate at " + address).isNotZero();
            assertThat(old.err()).contains("tls: bad certificate");
        }
        assertThat(demo.eventKinds()).contains("ca_rotation_started", "ca_rotation_interim_root", "ca_rotation_swarm_moved",
                "engine_tls_moved", "ca_rotation_engines_moved", "ca_rotated", "rotate_ca_complete");

        // a conductor taking the rotation over (its holder's lease ran out) finishes it from what it finds
        String clusterId = cluster.get("uuid").asText();
        demo.stack.database().execute(s -> {
            s.createMutationQuery("update ClusterOperation o set o.state = :running where o.clusterId = :c"
                    + " and o.action = 'rotate_ca'").setParameter("running", ClusterOperation.State.RUNNING)
                    .setParameter("c", clusterId).executeUpdate();
            s.createMutationQuery("update Cluster c set c.status = :updating, c.conductor = 'a-conductor-that-died',"
                    + " c.leaseUntil = :past where c.uuid = :c").setParameter("updating", ClusterStatus.UPDATE_IN_PROGRESS)
                    .setParameter("past", Instant.now().minusSeconds(60)).setParameter("c", clusterId).executeUpdate();
        });
        demo.awaitStatus("UPDATE_COMPLETE");
        assertThat(demo.eventKinds()).filteredOn("rotate_ca_complete"::equals).hasSize(2);
    }

    @Test
    @Order(4)
    void rotatedJoinTokensRefuseTheOldOnes() throws Exception {
        String oldWorker = demo.cli.docker(demo.dockerEnv, "swarm", "join-token", "-q", "worker").ok().out().strip();
        String oldManager = demo.cli.docker(demo.dockerEnv, "swarm", "join-token", "-q", "manager").ok().out().strip();

        ApiClient.Reply accepted = demo.api.post("/v1/clusters/demo/actions/rotate_join_tokens",
                null, "{\"role\":\"both\"}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        demo.awaitStatus("UPDATE_COMPLETE");
        assertThat(demo.cli.docker(demo.dockerEnv, "swarm", "join-token", "-q", "worker").ok().out().strip()).isNotEqualTo(oldWorker);
        assertThat(demo.cli.docker(demo.dockerEnv, "swarm", "join-token", "-q", "manager").ok().out().strip()).isNotEqualTo(oldManager);
        assertThat(demo.eventKinds()).contains("join_tokens_rotated", "rotate_join_tokens_complete");

        // a fresh engine on a host of the cluster's network tries the old worker token
        JsonNode cluster = demo.show();
        String clusterId = cluster.get("uuid").asText();
        String script = "JOIN_TOKEN='" + oldWorker + "'\nMANAGER='" + cluster.get("master_addresses").get(0).asText()
                + ":2377'\n" + new String(SwarmClusterAcceptanceTest.class.getResourceAsStream("join-attempt.sh")
                .readAllBytes(), StandardCharsets.UTF_8);
        Provider local = demo.local;
        Host probe = local.createHost(new HostSpec(clusterId, "token-probe", "worker", null, null, script));
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            HostState state;
            while ((state = local.state(clusterId, probe)) == HostState.CREATING || state == HostState.RUNNING) {
                assertThat(Instant.now()).as("join attempt still running").isBefore(deadline);
                Thread.sleep(250);
            }
            String attempt = joinAttemptLine();
            System.out.println("caas: a join with the old worker token: " + attempt);
            assertThat(state).as(attempt).isEqualTo(HostState.STOPPED);
            assertThat(attempt).contains("exit=0").contains("join token");
        } finally {
            local.removeHost(clusterId, probe);
        }
        // the new tokens are proven by caas's own joins: the next test's resize adds workers with caas's sealed copy
    }

    @Test
    @Order(5)
    void resizeAddsAndRemovesRealWorkers() throws Exception {
        demo.cli.openstack("coe", "cluster", "resize", "demo", "4").ok();
        demo.awaitStatus("UPDATE_COMPLETE");
        assertThat(demo.nodeLines()).hasSize(7).allSatisfy(line -> assertThat(status(line)).isEqualTo("Ready"));

        demo.cli.openstack("coe", "cluster", "resize", "demo", "1").ok();
        demo.awaitStatus("UPDATE_COMPLETE");
        assertThat(demo.nodeLines()).hasSize(4);
    }

    @Test
    @Order(6)
    void killingTheLeadersHostKeepsTheApiAddressAnswering() throws Exception {
        String leader = demo.nodeLines().stream().filter(line -> line.endsWith(" Leader")).findFirst().orElseThrow()
                .split(" ")[0];
        String clusterId = demo.show().get("uuid").asText();
        Provider local = demo.local;
        local.removeHost(clusterId, local.hosts(clusterId).stream().filter(h -> h.name().equals(leader)).findFirst()
                .orElseThrow());

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Cli.Run ls = demo.cli.docker(demo.dockerEnv, "node", "ls", "--format", AcceptanceCluster.NODE_FORMAT);
            if (ls.exit() == 0 && ls.out().lines().anyMatch(l -> l.endsWith(" Leader") && !l.startsWith(leader + " "))
                    && ls.out().lines().anyMatch(l -> l.startsWith(leader + " Down"))) {
                break;
            }
            assertThat(Instant.now()).as("docker node ls through " + demo.dockerEnv.get("DOCKER_HOST") + ": " + ls.err() + ls.out())
                    .isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    @Test
    @Order(7)
    void deleteLeavesNothingBehind() throws Exception {
        String clusterId = demo.show().get("uuid").asText();
        // the local provider names a cluster's bridge, namespaces and veths after the first 8 hex digits of the
        // SHA-256 of its uuid; other clusters on this machine are none of this test's business
        String shortId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(clusterId.getBytes(StandardCharsets.UTF_8)), 0, 4);
        demo.cli.openstack("coe", "cluster", "delete", "demo").ok();
        await("the cluster to be gone", BUILD_TIMEOUT,
                () -> demo.cli.openstack("coe", "cluster", "show", "demo").exit() != 0);
        assertThat(new ProcessBuilder("ip", "netns", "list").start().inputReader().lines().toList())
                .noneMatch(ns -> ns.startsWith("cn" + shortId));
        assertThat(new ProcessBuilder("ip", "-o", "link", "show").start().inputReader().lines().toList())
                .noneMatch(link -> link.contains("caas" + shortId) || link.contains("cv" + shortId));
        try (var left = Files.list(demo.dir.resolve("data").resolve("local").resolve("clusters"))) {
            assertThat(left.toList()).isEmpty();
        } catch (java.nio.file.NoSuchFileException gone) {
            // no cluster directory at all: nothing left either
        }
    }

    /** Each node's certificate issuer key as swarm reports it (TLSInfo.CertIssuerPublicKey, base64 DER). */
    private static List<String> issuerKeys() throws Exception {
        List<String> inspect = new java.util.ArrayList<>(List.of("node", "inspect", "--format",
                "{{json .Description.TLSInfo.CertIssuerPublicKey}}"));
        inspect.addAll(List.of(demo.cli.docker(demo.dockerEnv, "node", "ls", "-q").ok().out().strip().split("\\s+")));
        return demo.cli.docker(demo.dockerEnv, inspect.toArray(String[]::new)).ok().out().strip().lines()
                .map(line -> line.replace("\"", "")).toList();
    }

    /** What the token probe's bootstrap printed about its join (its bootstrap.log in the local provider's state). */
    private static String joinAttemptLine() throws Exception {
        try (var files = Files.walk(demo.dir.resolve("data").resolve("local"))) {
            for (Path log : files.filter(f -> f.getFileName().toString().equals("bootstrap.log")).toList()) {
                var line = Files.readAllLines(log).stream().filter(l -> l.startsWith("join-attempt:")).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
            }
        }
        return "(no join-attempt line in any bootstrap.log)";
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

    private static String publicKey(String pem) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return Base64.getEncoder().encodeToString(certificate.getPublicKey().getEncoded());
    }
}
