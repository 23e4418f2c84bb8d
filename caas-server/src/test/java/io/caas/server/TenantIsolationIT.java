package io.caas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.auth.KeystonePeer;
import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.rpc.AmqpSettings;
import io.caas.core.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2, multi-tenancy: the API in keystone mode against the real Keystone of scripts/keystone-peer.sh, with the
 * tokens Keystone issues to alice (tenant-a), bob (tenant-b) and admin. No conductor runs: alice's cluster stays
 * CREATE_IN_PROGRESS with its operation queued in this test's own RabbitMQ virtual host.
 */
@ExtendWith(KeystonePeer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {
    private static final Path dir = Path.of("/tmp", "caas-ti-" + ProcessHandle.current().pid());
    private static TestDatabase db;
    private static RabbitVhost vhost;
    private static ApiRole api;
    private static ApiClient client;
    private static int port;
    private static CatalogRegion catalog;

    @BeforeAll
    static void startApi() throws Exception {
        Files.createDirectories(dir);
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        db = TestDatabase.create();
        vhost = RabbitVhost.create("tenants");
        CaasConfig config = db.config()
                .with("api", "host", "127.0.0.1")
                .with("api", "port", Integer.toString(port))
                .with("api", "auth_strategy", "keystone")
                .with("oslo_messaging_rabbit", "rabbit_virtual_host", vhost.name())
                .with("keystone_authtoken", "www_authenticate_uri", KeystonePeer.URL + "/v3")
                .with("keystone_authtoken", "auth_url", KeystonePeer.URL + "/v3")
                .with("keystone_authtoken", "username", "caas")
                .with("keystone_authtoken", "password", "caas_pass")
                .with("keystone_authtoken", "project_name", "service")
                .with("keystone_authtoken", "user_domain_name", "Default")
                .with("keystone_authtoken", "project_domain_name", "Default")
                .with("keystone_authtoken", "revocation_poll_interval", "1")
                .with("certificates", "master_key_file", dir.resolve("master.key").toString())
                .with("external_ca", "bind_host", "127.0.0.1")
                .with("providers", "enabled", "local")
                .with("providers", "local_state_dir", dir.resolve("local").toString());
        api = ApiRole.start(config, db.database(), ClusterSecurity.open(config, db.database()), AmqpSettings.from(config),
                DriverRegistry.fromClassPath().keys(), new ProviderCatalogues(ProviderRegistry.fromConfig(config)));
        client = new ApiClient(api.port());
    }

    @AfterAll
    static void stopApi() throws Exception {
        try {
            if (catalog != null) {
                catalog.close();
            }
            if (api != null) {
                api.close();
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
    void twoProjectsNeverSeeEachOthersObjects() throws Exception {
        String alice = KeystonePeer.login("alice", "alice_pass", "tenant-a").token();
        String bob = KeystonePeer.login("bob", "bob_pass", "tenant-b").token();
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();

        String aliceTemplate = createTemplate(alice, "alice-swarm");
        String aliceCluster = createCluster(alice, "alice-cluster", aliceTemplate);
        String bobTemplate = createTemplate(bob, "bob-swarm");
        String bobCluster = createCluster(bob, "bob-cluster", bobTemplate);

        assertThat(uuids(client.get("/v1/clusters", bob), "clusters")).containsExactly(bobCluster);
        assertThat(uuids(client.get("/v1/clusters/detail", bob), "clusters")).containsExactly(bobCluster);
        assertThat(uuids(client.get("/v1/clustertemplates", bob), "clustertemplates")).containsExactly(bobTemplate);
        assertThat(uuids(client.get("/v1/clusters", alice), "clusters")).containsExactly(aliceCluster);
        assertThat(uuids(client.get("/v1/clustertemplates", alice), "clustertemplates")).containsExactly(aliceTemplate);

        for (String ident : List.of(aliceCluster, "alice-cluster")) {
            assertNotFound(client.get("/v1/clusters/" + ident, bob), "Cluster " + ident + " could not be found.");
            assertNotFound(client.get("/v1/clusters/" + ident + "/nodes", bob), "Cluster " + ident + " could not be found.");
        }
        assertNotFound(client.delete("/v1/clusters/" + aliceCluster, bob), "Cluster " + aliceCluster + " could not be found.");
        assertNotFound(client.delete("/v1/clusters/alice-cluster", bob), "Cluster alice-cluster could not be found.");
        assertNotFound(client.get("/v1/clustertemplates/" + aliceTemplate, bob),
                "ClusterTemplate " + aliceTemplate + " could not be found.");
        assertNotFound(client.get("/v1/clustertemplates/alice-swarm", bob),
                "ClusterTemplate alice-swarm could not be found.");

        ApiClient.Reply hers = client.get("/v1/clusters/" + aliceCluster, alice);
        assertThat(hers.status()).isEqualTo(200);
        assertThat(hers.json().path("name").asText()).isEqualTo("alice-cluster");
        assertThat(hers.json().path("status").asText()).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(vhost.messagesIn("caas.conductor")).as("queued operations, no conductor running").isEqualTo(2);

        assertThat(uuids(client.get("/v1/clusters", admin), "clusters"))
                .containsExactlyInAnyOrder(aliceCluster, bobCluster);
        assertThat(client.get("/v1/clusters/" + aliceCluster, admin).status()).isEqualTo(200);
        assertThat(client.get("/v1/clusters/" + bobCluster, admin).status()).isEqualTo(200);

        ApiClient.Reply anonymous = client.get("/v1/clusters", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error().path("status").asInt()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aRevokedTokenIsRefusedAfterTheRevocationPoll() throws Exception {
        String token = KeystonePeer.login("alice", "alice_pass", "tenant-a").token();
        assertThat(client.get("/v1/clusters", token).status()).as("the validation is now cached").isEqualTo(200);

        KeystonePeer.revoke(token);

        // revocation_poll_interval is 1 s; the cached validation (token_cache_time 300 s) must not outlive it
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        ApiClient.Reply reply;
        while ((reply = client.get("/v1/clusters", token)).status() == 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.error().path("title").asText()).isEqualTo("The request you have made requires authentication");
    }

    @Test
    @Order(2)
    void theOpenstackCliWithKeystonePasswordsSeesOnlyItsProject() throws Exception {
        String alice = KeystonePeer.login("alice", "alice_pass", "tenant-a").token();
        createCluster(alice, "alice-cli", createTemplate(alice, "alice-cli-swarm"));
        catalog = CatalogRegion.pointingAt("http://127.0.0.1:" + port + "/v1");

        JsonNode aliceView = openstack("alice", "tenant-a", "coe", "cluster", "list", "-f", "json");
        assertThat(names(aliceView)).contains("alice-cli");
        JsonNode bobView = openstack("bob", "tenant-b", "coe", "cluster", "list", "-f", "json");
        assertThat(names(bobView)).doesNotContain("alice-cli").allSatisfy(name -> assertThat(name).startsWith("bob"));
        assertThat(names(openstack("bob", "tenant-b", "coe", "cluster", "template", "list", "-f", "json")))
                .noneMatch(name -> name.startsWith("alice"));
        CliRun bobShowsAlices = run("bob", "tenant-b", "coe", "cluster", "show", "alice-cli");
        assertThat(bobShowsAlices.exit()).isNotZero();
        assertThat(bobShowsAlices.err()).contains("Cluster alice-cli could not be found");
    }

    private static String createTemplate(String token, String name) throws Exception {
        ApiClient.Reply reply = client.post("/v1/clustertemplates", token, """
                {"name": "%s", "coe": "swarm-mode", "image_id": "swarm-local", "external_network_id": "public",
                 "flavor_id": "m1.small", "master_flavor_id": "m1.small"}""".formatted(name));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("uuid").asText();
    }

    private static String createCluster(String token, String name, String template) throws Exception {
        ApiClient.Reply reply = client.post("/v1/clusters", token, """
                {"name": "%s", "cluster_template_id": "%s", "master_count": 1, "node_count": 1}"""
                .formatted(name, template));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("uuid").asText();
    }

    private static void assertNotFound(ApiClient.Reply reply, String detail) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        JsonNode error = reply.error();
        assertThat(error.path("status").asInt()).isEqualTo(404);
        assertThat(error.path("code").asText()).isEqualTo("client");
        assertThat(error.path("title").asText()).isNotBlank();
        assertThat(error.path("detail").asText()).isEqualTo(detail);
    }

    private static List<String> uuids(ApiClient.Reply reply, String collection) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> uuids = new ArrayList<>();
        reply.json().path(collection).forEach(item -> uuids.add(item.path("uuid").asText()));
        return uuids;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    /** The real CLI logs in with the user's password at Keystone and finds this API in the catalog of its region. */
    private static JsonNode openstack(String user, String project, String... args) throws Exception {
        CliRun run = run(user, project, args);
        assertThat(run.exit()).as("openstack " + String.join(" ", args) + ": " + run.err() + run.out()).isZero();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    }

    private record CliRun(int exit, String out, String err) {
    }

    private static CliRun run(String user, String project, String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-" + user));
        List<String> command = new ArrayList<>(List.of(Cli.OPENSTACK.toString(),
                "--os-auth-url", KeystonePeer.URL + "/v3", "--os-username", user, "--os-password", user + "_pass",
                "--os-project-name", project, "--os-user-domain-name", "Default", "--os-project-domain-name", "Default",
                "--os-region-name", catalog.name()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", home.toString(), "SHELL", "/bin/bash", "PATH", "/usr/bin:/bin",
                "LANG", "C.UTF-8"));
        Path err = home.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return new CliRun(exit, out, Files.readString(err, StandardCharsets.UTF_8));
    }
}
