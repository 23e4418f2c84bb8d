package io.caas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 2, production mode: `caas api` and `caas conductor` as separate OS processes from the built caas.jar, on the
 * real MariaDB and this test's own RabbitMQ virtual host, clusters as real dockerd hosts of the local provider.
 * An operation queued while no conductor runs is carried out by the next conductor; an operation whose conductor
 * is killed (SIGKILL) mid-build is taken over by another conductor once the lease runs out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConductorFailoverIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(6);
    private static final int HEARTBEAT_INTERVAL = 2;
    private static final int SERVICE_DOWN_TIME = 6;
    private static final String CONDUCTOR_QUEUE = "caas.conductor";

    /** Short on purpose: dockerd's and containerd's unix sockets live below local_state_dir (108-byte limit). */
    private static final Path dir = Path.of("/tmp", "caas-pt-" + ProcessHandle.current().pid());
    private static final List<CaasProcess> processes = new ArrayList<>();
    private static final Set<String> clusters = new LinkedHashSet<>();
    private static TestDatabase db;
    private static RabbitVhost vhost;
    private static Path configFile;
    private static ApiClient api;
    private static CaasProcess conductor1;
    private static String template;

    @BeforeAll
    static void startApiProcess() throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        db = TestDatabase.create();
        vhost = RabbitVhost.create("failover");
        configFile = dir.resolve("caas.conf");
        Files.writeString(configFile, """
                [api]
                # the hosts in their network namespaces call the API at their bridge's address, as in `caas dev`
                host = 0.0.0.0
                port = %d
                auth_strategy = noauth

                [database]
                connection = %s

                [oslo_messaging_rabbit]
                rabbit_host = 127.0.0.1
                rabbit_port = 5672
                rabbit_userid = guest
                rabbit_password = guest
                rabbit_virtual_host = %s

                [certificates]
                master_key_file = %s

                [conductor]
                heartbeat_interval = %d
                service_down_time = %d
                lease_time = 6
                sweep_interval = 2
                republish_after = 3

                [providers]
                enabled = local
                default = local
                local_state_dir = %s
                """.formatted(port, db.config().require("database", "connection"), vhost.name(),
                dir.resolve("master.key"), HEARTBEAT_INTERVAL, SERVICE_DOWN_TIME, dir.resolve("local")));
        CaasProcess apiProcess = start("api", "api", Map.of());
        api = new ApiClient(port);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!answers()) {
            assertThat(apiProcess.isAlive()).as(apiProcess.tail()).isTrue();
            assertThat(Instant.now()).as("API not answering; " + apiProcess.tail()).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /** Every process this test started goes, and every cluster it made, even when a test failed half-way. */
    @AfterAll
    static void stopEverything() throws Exception {
        try {
            for (CaasProcess process : processes) {
                process.close();
            }
            if (configFile != null && !clusters.isEmpty()) {
                var local = ProviderRegistry.fromConfig(CaasConfig.load(configFile)).named("local").orElseThrow();
                for (String cluster : clusters) {
                    local.deleteCluster(cluster);
                }
            }
        } finally {
            try {
                if (vhost != null) {
                    vhost.close();
                }
            } finally {
                if (db != null) {
                    db.close();
                }
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
            }
        }
    }

    @Test
    @Order(1)
    void anOperationQueuedWhileNoConductorRunsIsCarriedOutByTheNextConductor() throws Exception {
        ApiClient.Reply created = api.post("/v1/clustertemplates", null, """
                {"name": "swarm", "coe": "swarm-mode", "image_id": "swarm-local", "external_network_id": "public",
                 "flavor_id": "m1.small", "master_flavor_id": "m1.small"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        template = created.json().path("uuid").asText();

        String queued = createCluster("queued");
        assertThat(vhost.messagesIn(CONDUCTOR_QUEUE)).as("the operation waits in RabbitMQ").isEqualTo(1);
        assertThat(status(queued).path("status").asText()).isEqualTo("CREATE_IN_PROGRESS");

        conductor1 = start("conductor-1", "conductor", Map.of(CaasConfig.envName("conductor", "host"), "conductor-1"));
        JsonNode done = awaitTerminal(queued);
        assertThat(done.path("status").asText()).as(done.path("status_reason").asText()).isEqualTo("CREATE_COMPLETE");
        // acknowledged once the operation's run returns, a moment after the cluster row says complete
        Instant deadline = Instant.now().plusSeconds(30);
        while (vhost.messagesIn(CONDUCTOR_QUEUE) != 0) {
            assertThat(Instant.now()).as("the operation's message is still in RabbitMQ").isBefore(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    @Order(2)
    void aBuildWhoseConductorIsKilledIsFinishedByAnotherConductor() throws Exception {
        String inFlight = createCluster("in-flight");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!nodeStates(inFlight).contains("BOOTING")) {
            assertThat(Instant.now()).as("no node BOOTING; " + conductor1.tail()).isBefore(deadline);
            Thread.sleep(100);
        }
        conductor1.killHard();
        Instant killed = Instant.now();
        CaasProcess conductor2 = start("conductor-2", "conductor", Map.of(CaasConfig.envName("conductor", "host"), "conductor-2"));

        Instant shownDown = null;
        while (shownDown == null) {
            if ("down".equals(serviceState("conductor-1"))) {
                shownDown = Instant.now();
            }
            assertThat(Instant.now()).as("conductor-1 still up in /v1/mservices").isBefore(killed.plusSeconds(60));
            Thread.sleep(250);
        }
        System.out.printf("caas: conductor-1 shown down %d ms after SIGKILL%n", Duration.between(killed, shownDown).toMillis());
        assertThat(Duration.between(killed, shownDown))
                .isLessThanOrEqualTo(Duration.ofSeconds(SERVICE_DOWN_TIME + 2 * HEARTBEAT_INTERVAL));

        JsonNode done = awaitTerminal(inFlight);
        System.out.printf("caas: in-flight cluster after conductor-1's SIGKILL: %s (%s) %d s after the kill%n",
                done.path("status").asText(), done.path("status_reason").asText(),
                Duration.between(killed, Instant.now()).toSeconds());
        assertThat(done.path("status").asText()).as(done.path("status_reason").asText()).isEqualTo("CREATE_COMPLETE");
        // only conductor-2 is alive, so it is the one that finished the build; its log says how it took it over
        conductor2.linesMentioning(inFlight).forEach(line -> System.out.println("conductor-2: " + line));
        assertThat(conductor2.linesMentioning(inFlight)).isNotEmpty();
        assertThat(nodeStates(inFlight)).containsOnly("READY");
        assertThat(serviceState("conductor-2")).isEqualTo("up");
    }

    @Test
    @Order(3)
    void deletingTheClustersLeavesNothingBehind() throws Exception {
        for (String cluster : clusters) {
            ApiClient.Reply reply = api.delete("/v1/clusters/" + cluster, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        for (String cluster : clusters) {
            while (api.get("/v1/clusters/" + cluster, null).status() != 404) {
                assertThat(Instant.now()).as("cluster " + cluster + " still there").isBefore(deadline);
                Thread.sleep(1000);
            }
        }
        List<String> namespaces = lines("ip", "netns", "list");
        List<String> links = lines("ip", "-o", "link", "show");
        for (String cluster : clusters) {
            String shortId = shortId(cluster);
            assertThat(namespaces).noneMatch(ns -> ns.startsWith("cn" + shortId));
            assertThat(links).noneMatch(link -> link.contains(": caas" + shortId) || link.contains(": cv" + shortId));
        }
        Path clusterDirs = dir.resolve("local").resolve("clusters");
        if (Files.isDirectory(clusterDirs)) {
            try (var left = Files.list(clusterDirs)) {
                assertThat(left.toList()).isEmpty();
            }
        }
        clusters.clear();
    }

    private static CaasProcess start(String name, String role, Map<String, String> environment) throws Exception {
        CaasProcess process = CaasProcess.start(name, role, configFile, environment);
        processes.add(process);
        return process;
    }

    private static boolean answers() {
        try {
            return api.get("/v1", null).status() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static String createCluster(String name) throws Exception {
        ApiClient.Reply reply = api.post("/v1/clusters", null, """
                {"name": "%s", "cluster_template_id": "%s", "master_count": 1, "node_count": 1}"""
                .formatted(name, template));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String uuid = reply.json().path("uuid").asText();
        clusters.add(uuid);
        return uuid;
    }

    private static JsonNode status(String cluster) throws Exception {
        ApiClient.Reply reply = api.get("/v1/clusters/" + cluster, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode awaitTerminal(String cluster) throws Exception {
        Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
        while (true) {
            JsonNode view = status(cluster);
            if (!view.path("status").asText().endsWith("_IN_PROGRESS")) {
                return view;
            }
            assertThat(Instant.now()).as("still " + view.path("status").asText() + " after " + BUILD_TIMEOUT + "; "
                    + tails()).isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    private static List<String> nodeStates(String cluster) throws Exception {
        ApiClient.Reply reply = api.get("/v1/clusters/" + cluster + "/nodes", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> states = new ArrayList<>();
        reply.json().path("nodes").forEach(node -> states.add(node.path("state").asText()));
        return states;
    }

    private static String serviceState(String host) throws Exception {
        ApiClient.Reply reply = api.get("/v1/mservices", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (JsonNode service : reply.json().path("mservices")) {
            if (service.path("host").asText().equals(host)) {
                return service.path("state").asText();
            }
        }
        return "absent";
    }

    private static String tails() {
        StringBuilder all = new StringBuilder();
        processes.forEach(p -> all.append('\n').append(p.tail()));
        return all.toString();
    }

    /** The local provider's kernel-object prefix of a cluster: the first 8 hex digits of the id's SHA-256. */
    private static String shortId(String cluster) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cluster.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    private static List<String> lines(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = process.inputReader().lines().toList();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return lines;
    }
}
