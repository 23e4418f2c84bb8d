package io.caas.server;

import static io.caas.server.AcceptanceCluster.BUILD_TIMEOUT;
import static io.caas.server.AcceptanceCluster.await;
import static io.caas.server.AcceptanceCluster.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.spi.Provider;
import java.time.Instant;
import java.util.List;
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
    private static final int HTTP_PORT = 8080;
    private static final int REPLICAS = 3;
    private static final String IMAGE = "caas-test/busybox:1";
    /** docker node ls with availability: name, status, availability, manager status. */
    private static final String NODE_FORMAT = "{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}";

    private static AcceptanceCluster life;
    private static Provider local;
    private static String clusterId;
    private static ImageSeeder seeder;

    @BeforeAll
    static void startCaas() throws Exception {
        life = AcceptanceCluster.start("hu", "life", config -> config
                .with("conductor", "sweep_interval", "2")
                .with("health", "interval", "2s")
                .with("health", "auto_heal_grace", "5s"));
        local = life.local;
    }

    @AfterAll
    static void stopCaas() throws Exception {
        if (life != null) {
            life.close();
        }
    }

    @Test
    @Order(1)
    void anAutoHealingClusterRunsAServiceWithAReplicaPerNode() throws Exception {
        life.cli.openstack("coe", "cluster", "template", "create", "swarm", "--coe", "swarm-mode", "--image", "swarm-local",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--master-lb-enabled", "--labels", "auto_healing_enabled=true").ok();
        Instant start = Instant.now();
        life.cli.openstack("coe", "cluster", "create", "life", "--cluster-template", "swarm", "--master-count", "3",
                "--node-count", "2").ok();
        JsonNode cluster = life.awaitStatus("CREATE_COMPLETE", start);
        System.out.printf("caas: 3+2 cluster CREATE_COMPLETE in %.1f s%n", seconds(start));
        clusterId = cluster.get("uuid").asText();
        life.fetchBundle("certs");

        // swarm declares a silent node down after a few dispatcher heartbeats (5 s each by default); a tenant may
        // shorten them, and so does this test, so that detection does not dominate the time to heal
        life.cli.docker(life.dockerEnv, "swarm", "update", "--dispatcher-heartbeat", "1s").ok();
        seeder = new ImageSeeder(local, clusterId, life.cli, life.dockerEnv, life.busyboxImage(), IMAGE);
        assertThat(seeder.seedNewHosts()).isEqualTo(5);
        life.cli.docker(life.dockerEnv, "service", "create", "--detach", "--name", "web", "--endpoint-mode", "dnsrr",
                "--network", "host", "--replicas", Integer.toString(REPLICAS), "--replicas-max-per-node", "1",
                "--no-resolve-image", IMAGE, "/bin/busybox", "httpd", "-f", "-p", Integer.toString(HTTP_PORT),
                "-h", "/www").ok();
        await("3 replicas answering", BUILD_TIMEOUT,
                () -> ServiceProbe.answering(local, clusterId, HTTP_PORT) == REPLICAS);
    }

    @Test
    @Order(2)
    void upgradeReplacesEveryNodeOneAtATimeWhileTheServiceAndTheApiAnswer() throws Exception {
        life.cli.openstack("coe", "cluster", "template", "create", "swarm-medium", "--coe", "swarm-mode", "--image",
                "swarm-local", "--external-network", "public", "--flavor", "m1.medium", "--master-flavor", "m1.medium",
                "--master-lb-enabled", "--labels", "auto_healing_enabled=true,tier=medium").ok();
        String target = life.cli.openstack("coe", "cluster", "template", "show", "swarm-medium", "-f", "value", "-c", "uuid")
                .ok().out().strip();
        List<String> hostsBefore = local.hosts(clusterId).stream().map(h -> h.id()).toList();

        Instant start = Instant.now();
        try (ServiceProbe probe = new ServiceProbe(local, clusterId, HTTP_PORT, life.cli, life.dockerEnv, seeder)) {
            life.cli.openstack("coe", "cluster", "upgrade", "life", "swarm-medium",
                    "--max-batch-size", "1").ok();
            JsonNode cluster = life.awaitStatus("UPDATE_COMPLETE", start);
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
        assertThat(life.engines.hostRecords()).extracting(host -> host.path("flavor").asText())
                .containsOnly("m1.medium").hasSize(5);
        assertThat(life.nodeLines(NODE_FORMAT)).hasSize(5).allSatisfy(line -> assertThat(line).contains(" Ready "));
        List<String> kinds = life.eventKinds();
        assertThat(kinds.stream().filter("node_replaced"::equals)).hasSize(5);
        assertThat(kinds).contains("upgraded", "upgrade_complete");
        await("3 replicas answering", BUILD_TIMEOUT,
                () -> ServiceProbe.answering(local, clusterId, HTTP_PORT) == REPLICAS);
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
        life.cli.openstack("coe", "cluster", "delete", "life").ok();
        await("cluster gone", BUILD_TIMEOUT, () -> life.cli.openstack("coe", "cluster", "show", "life").exit() != 0);
        assertThat(local.hosts(clusterId)).isEmpty();
    }

    /** Kills the engine of a node of {@code role} (not the leader) and waits until auto-heal replaced it. */
    private static void healAfterKilling(String role) throws Exception {
        String group = role.equals("manager") ? "-master-" : "-worker-";
        String victim = life.nodeLines(NODE_FORMAT).stream().filter(line -> line.contains(group))
                .filter(line -> !line.endsWith(" Leader")).findFirst().orElseThrow().split(" ")[0];
        int replacedBefore = (int) life.eventKinds().stream().filter("node_replaced"::equals).count();
        Instant start = Instant.now();
        try (ServiceProbe probe = new ServiceProbe(local, clusterId, HTTP_PORT, life.cli, life.dockerEnv, seeder)) {
            life.engines.kill(victim);
            await(victim + " replaced", BUILD_TIMEOUT,
                    () -> life.eventKinds().stream().filter("node_replaced"::equals).count() > replacedBefore);
            JsonNode cluster = life.awaitStatus("UPDATE_COMPLETE", start);
            await("cluster HEALTHY", BUILD_TIMEOUT,
                    () -> "HEALTHY".equals(life.show().path("health_status").asText()));
            System.out.printf("caas: %s %s killed -> replaced by auto-heal and cluster HEALTHY in %.1f s;"
                    + " docker node ls: %d calls, %d failed; fewest of %d replicas answering: %d%n", role, victim,
                    seconds(start), probe.nodeLsCalls(), probe.nodeLsFailures().size(), REPLICAS, probe.fewestAnswering());
            assertThat(cluster.get("status_reason").isNull() || cluster.get("status_reason").asText().isEmpty()).isTrue();
            assertThat(probe.nodeLsFailures()).as("docker node ls through api_address").isEmpty();
        }
        assertThat(life.nodeLines(NODE_FORMAT)).hasSize(5).allSatisfy(line -> assertThat(line).contains(" Ready "))
                .filteredOn(line -> line.contains("-master-")).allSatisfy(line ->
                        assertThat(line).matches(".* (Leader|Reachable)$"));
        assertThat(life.eventMessage("node_replaced")).startsWith(victim + " replaced (unhealthy for more than 5 s");
    }
}
