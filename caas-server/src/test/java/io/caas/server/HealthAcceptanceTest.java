package io.caas.server;

import static io.caas.server.AcceptanceCluster.await;
import static io.caas.server.AcceptanceCluster.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * A cluster's security lifecycle and health on `caas dev`'s stack and the local provider, all on one 3+2 cluster
 * made with cert_expiry=2m and autolock=true: node certificates are renewed through caas before they expire while a
 * dnsrr service keeps answering; a manager whose engine restarts comes back locked and caas unlocks it; a worker
 * whose host dies makes the cluster UNHEALTHY naming it, and HEALTHY again once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAcceptanceTest {
    private static final Duration CERT_EXPIRY = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static AcceptanceCluster secure;
    private static String clusterId;

    @BeforeAll
    static void startCaas() throws Exception {
        secure = AcceptanceCluster.start("h", "secure", config -> config.with("health", "interval", "2s"));
    }

    @AfterAll
    static void stopCaas() throws Exception {
        if (secure != null) {
            secure.close();
        }
    }

    @Test
    @Order(1)
    void anAutolockedClusterWithShortCertificatesComesUpHealthy() throws Exception {
        secure.cli.openstack("coe", "cluster", "template", "create", "swarm", "--coe", "swarm-mode", "--image", "swarm-local",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--master-lb-enabled").ok();
        assertThat(secure.cli.openstack("coe", "cluster", "create", "bad", "--cluster-template", "swarm",
                "--labels", "cert_expiry=soon").err()).contains("labels/cert_expiry");
        Instant start = Instant.now();
        secure.cli.openstack("coe", "cluster", "create", "secure", "--cluster-template", "swarm", "--master-count", "3",
                "--node-count", "2", "--labels", "autolock=true,cert_expiry=2m").ok();
        JsonNode cluster = secure.awaitStatus("CREATE_COMPLETE");
        clusterId = cluster.get("uuid").asText();
        System.out.printf("health: 3+2 autolock cluster CREATE_COMPLETE in %.1f s%n", seconds(start));
        awaitHealth("HEALTHY", reasons -> true);
        System.out.printf("health: HEALTHY %.1f s after the create was accepted%n", seconds(start));

        secure.fetchBundle("certs");
        assertThat(secure.cli.docker(secure.dockerEnv, "info", "--format", "{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}")
                .ok().out().strip()).isEqualTo("true");
        String escrowed = unlockKey();
        assertThat(escrowed).startsWith("SWMKEY-1-");
        assertThat(secure.cli.docker(secure.dockerEnv, "swarm", "unlock-key", "-q").ok().out().strip()).isEqualTo(escrowed);
    }

    @Test
    @Order(2)
    void nodeCertificatesAreRenewedBeforeTheyExpireWhileADnsrrServiceKeepsAnswering() throws Exception {
        List<String> workers = secure.nodeNames().stream().filter(n -> n.contains("-worker-")).toList();
        List<String> all = secure.nodeNames();
        Path image = secure.busyboxImage();
        for (String node : all) {
            secure.cli.docker(secure.dockerEnvAt(address(node)), "import", image.toString(), "caas-test/busybox:1").ok();
        }
        secure.cli.docker(secure.dockerEnv, "service", "create", "--detach", "--name", "web", "--endpoint-mode", "dnsrr",
                "--mode", "global", "--network", "host", "--constraint", "node.role==worker", "--no-resolve-image",
                "caas-test/busybox:1", "/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www").ok();
        JsonNode cluster = secure.show();
        List<String> urls = new ArrayList<>();
        cluster.get("node_addresses").forEach(a -> urls.add("http://" + a.asText() + ":8080/"));
        await("web answering on " + urls, Duration.ofMinutes(2),
                () -> urls.stream().allMatch(HealthAcceptanceTest::answers));

        Map<String, Instant> firstNotAfter = new HashMap<>();
        for (String node : all) {
            firstNotAfter.put(node, notAfter(node));
        }
        Instant start = Instant.now();
        int requests = 0;
        int failures = 0;
        Map<String, Integer> renewals = new HashMap<>();
        Map<String, Instant> lastNotAfter = new HashMap<>(firstNotAfter);
        Instant deadline = start.plus(CERT_EXPIRY);
        while (renewals.size() < all.size()) {
            assertThat(Instant.now()).as("renewals so far " + renewals).isBefore(deadline);
            for (String url : urls) {
                requests++;
                failures += answers(url) ? 0 : 1;
            }
            for (String node : all) {
                Instant now = Instant.now();
                Instant notAfter = notAfter(node);
                assertThat(notAfter).as(node + " certificate still valid").isAfter(now);
                if (notAfter.isAfter(lastNotAfter.get(node))) {
                    renewals.merge(node, 1, Integer::sum);
                    lastNotAfter.put(node, notAfter);
                }
            }
            Thread.sleep(1000);
        }
        System.out.printf("health: every node certificate (cert_expiry=2m) renewed in %.1f s; dnsrr service"
                + " answered %d of %d requests on %d workers%n", seconds(start), requests - failures, requests, workers.size());
        assertThat(failures).isZero();
        assertThat(secure.nodeLines()).hasSize(5).allSatisfy(line -> assertThat(line.split(" ")[1]).isEqualTo("Ready"));
    }

    @Test
    @Order(3)
    void aManagerWhoseEngineRestartsComesBackLockedAndCaasUnlocksIt() throws Exception {
        String manager = secure.nodeLines().stream().filter(l -> l.endsWith(" Reachable")).findFirst().orElseThrow().split(" ")[0];
        secure.engines.kill(manager);
        secure.engines.start(manager);
        Instant start = Instant.now();
        Map<String, String> direct = secure.dockerEnvAt(address(manager));
        await(manager + " back and unlocked", Duration.ofMinutes(2), () -> {
            Cli.Run info = secure.cli.docker(direct, "info", "--format", "{{.Swarm.LocalNodeState}}");
            Cli.Run ls = secure.cli.docker(secure.dockerEnv, "node", "ls", "--format", AcceptanceCluster.NODE_FORMAT);
            return info.exit() == 0 && info.out().strip().equals("active")
                    && ls.exit() == 0 && ls.out().lines().anyMatch(l -> l.strip().equals(manager + " Ready Reachable"));
        });
        System.out.printf("health: restarted manager %s unlocked by caas and Reachable %.1f s after its engine started%n",
                manager, seconds(start));
        assertThat(secure.events()).anyMatch(e -> e.startsWith("manager_unlocked: " + manager));
        awaitHealth("HEALTHY", reasons -> true);
    }

    @Test
    @Order(4)
    void aDeadWorkerMakesTheClusterUnhealthyNamingItAndHealthyOnceItIsBack() throws Exception {
        String worker = secure.nodeNames().stream().filter(n -> n.contains("-worker-")).findFirst().orElseThrow();
        Instant start = Instant.now();
        secure.engines.kill(worker);
        JsonNode reasons = awaitHealth("UNHEALTHY", r -> "False".equals(r.path(worker + ".Ready").asText()));
        System.out.printf("health: UNHEALTHY naming %s %.1f s after its host died: %s%n", worker, seconds(start), reasons);
        assertThat(reasons.path(worker + ".Reason").asText()).isEqualTo("node is down");
        assertThat(reasons.path("api").asText()).isEqualTo("ok");
        assertThat(reasons.has("quorum")).isFalse();
        JsonNode node = nodeRow(worker);
        assertThat(node.path("health_status").asText()).isEqualTo("UNHEALTHY");
        assertThat(node.path("unhealthy_since").asText()).isNotBlank();

        Instant restart = Instant.now();
        secure.engines.start(worker);
        awaitHealth("HEALTHY", r -> "True".equals(r.path(worker + ".Ready").asText()));
        System.out.printf("health: HEALTHY again %.1f s after %s's engine restarted%n", seconds(restart), worker);
        assertThat(nodeRow(worker).path("unhealthy_since").isNull()).isTrue();
        assertThat(secure.events()).anyMatch(e -> e.startsWith("node_unhealthy: " + worker + " is UNHEALTHY"))
                .anyMatch(e -> e.startsWith("node_healthy: " + worker));
    }

    @Test
    @Order(5)
    void theOwnerRotatesTheUnlockKey() throws Exception {
        String before = unlockKey();
        ApiClient.Reply rotate = secure.api.post("/v1/clusters/" + clusterId + "/actions/rotate_unlock_key", null, "");
        assertThat(rotate.status()).as(rotate.body()).isEqualTo(202);
        secure.awaitStatus("UPDATE_COMPLETE");
        String after = unlockKey();
        assertThat(after).startsWith("SWMKEY-1-").isNotEqualTo(before);
        assertThat(secure.cli.docker(secure.dockerEnv, "swarm", "unlock-key", "-q").ok().out().strip()).isEqualTo(after);
    }

    @Test
    @Order(6)
    void aCaRotationUnlocksTheManagersItsEngineRestartsLeaveLocked() throws Exception {
        Instant start = Instant.now();
        secure.cli.openstack("coe", "ca", "rotate", "secure").ok();
        secure.awaitStatus("UPDATE_COMPLETE");
        System.out.printf("health: coe ca rotate of the autolocked 3+2 cluster UPDATE_COMPLETE in %.1f s%n", seconds(start));
        List<String> events = secure.events();
        // the bundle from before the rotation is refused now: the managers' names come from caas
        List<String> managers = new ArrayList<>();
        secure.api.get("/v1/clusters/" + clusterId + "/nodes", null).json().get("nodes").forEach(node -> {
            if ("manager".equals(node.get("role").asText())) {
                managers.add(node.get("name").asText());
            }
        });
        assertThat(managers).hasSize(3).allSatisfy(manager -> assertThat(events).contains("manager_unlocked: " + manager
                + " was locked after its engine restarted; caas unlocked it"));
        assertThat(events).anyMatch(e -> e.startsWith("ca_rotated: "));
        awaitHealth("HEALTHY", reasons -> true);
    }

    private static String unlockKey() throws Exception {
        ApiClient.Reply reply = secure.api.get("/v1/clusters/" + clusterId + "/unlock_key", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("unlock_key").asText();
    }

    private static boolean answers(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().strip().equals("ok");
        } catch (Exception e) {
            return false;
        }
    }

    private static Instant notAfter(String node) throws Exception {
        byte[] pem = Files.readAllBytes(secure.engines.nodeCertificate(node));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        return certificate.getNotAfter().toInstant();
    }

    /** Waits until the cluster's health_status is {@code wanted} with reasons that pass {@code check}; returns them. */
    private static JsonNode awaitHealth(String wanted, java.util.function.Predicate<JsonNode> check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode cluster = secure.api.get("/v1/clusters/" + (clusterId == null ? "secure" : clusterId), null).json();
            JsonNode reasons = cluster.path("health_status_reason");
            if (wanted.equals(cluster.path("health_status").asText()) && check.test(reasons)) {
                return reasons;
            }
            assertThat(Instant.now()).as("health " + cluster.path("health_status") + " " + reasons).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static JsonNode nodeRow(String name) throws Exception {
        for (JsonNode node : secure.api.get("/v1/clusters/" + clusterId + "/nodes", null).json().get("nodes")) {
            if (name.equals(node.get("name").asText())) {
                return node;
            }
        }
        throw new AssertionError("no node " + name);
    }

    private static String address(String node) throws Exception {
        return nodeRow(node).get("address").asText();
    }
}
