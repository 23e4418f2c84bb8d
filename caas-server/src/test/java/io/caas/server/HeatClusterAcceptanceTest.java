package io.caas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.auth.CataloguePeer;
import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Provider;
import io.caas.driver.swarmmode.HeatTestCloud;
import io.caas.provider.heat.HeatApi;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * The tenant's path on the heat provider: `caas dev`'s stack with [providers] enabled = heat and Keystone auth against
 * the real Keystone and Heat (scripts/heat-peer.sh), driven by the real openstack CLI as tenant alice logging in with
 * her password. Each cluster gets a trustee user and a trust from alice, so its stack lives in alice's project
 * (tenant-a: `openstack stack list` as alice shows it, Heat names alice its owner); trustee and trust are gone after
 * the cluster is deleted, and a token that may not delegate gets Magnum's error and leaves nothing. Template create
 * checks image, flavors and external network against the real Glance, Nova and Neutron APIs of
 * scripts/catalogue-peer.sh (which Heat sees too); a 1+1 cluster is one
 * real stack whose servers (the test cloud's Nova facade) boot on namespace hosts with the user data Heat hands them,
 * and comes up Ready on docker's CLI; resize up, and down removing the worker alice names (--nodes-to-remove), are
 * stack PATCHes; delete removes the stack; a stack whose server fails ends the cluster CREATE_FAILED with Heat's
 * reason. Prints caas's time next to Heat's own for each operation.
 */
@ExtendWith({CataloguePeer.class, HeatPeer.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeatClusterAcceptanceTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String CLUSTER = "hc";
    private static final String BROKEN = "hcbad";
    private static final String MANAGER = CLUSTER + "-default-master-0";
    private static final List<String> WORKERS = List.of(CLUSTER + "-default-worker-0", CLUSTER + "-default-worker-1");

    /** Short on purpose: dockerd's and containerd's unix sockets live below it (108-byte limit). */
    private static final Path dir = Path.of("/tmp", "caas-heat-" + ProcessHandle.current().pid());
    private static HeatTestCloud cloud;
    private static DevStack stack;
    private static Cli cli;
    private static ApiClient api;
    private static String clusterId;
    private static String stackPath;
    private static String trustId;
    private static CatalogRegion catalog;
    private static String token;
    private static final Map<String, Duration> caasTimes = new LinkedHashMap<>();

    @BeforeAll
    static void startCaasOnHeat() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir);
        // a leased network of its own: other namespace tests may run at the same time on this machine
        List<String> nodes = new ArrayList<>(List.of(MANAGER));
        nodes.addAll(WORKERS);
        cloud = HeatTestCloud.create(dir, "environment.yaml", nodes,
                List.of(BROKEN + "-default-master-0", BROKEN + "-default-worker-0"));
        CaasConfig config = DevCommand.devDefaults(CaasConfig.parse("", Map.of()), dir.resolve("data"), port)
                .with("api", "auth_strategy", "keystone")
                .with("keystone_authtoken", "auth_url", KeystonePeer.URL + "/v3")
                .with("keystone_authtoken", "username", "caas").with("keystone_authtoken", "password", "caas_pass")
                .with("trust", "trustee_domain_name", "caas_trustees")
                .with("trust", "trustee_domain_admin_name", "caas_trustee_domain_admin")
                .with("trust", "trustee_domain_admin_password", "caas_trustee_domain_pass")
                .with("conductor", "heartbeat_interval", "2")
                .with("providers", "enabled", "heat").with("providers", "default", "heat")
                .with("heat", "auth_url", KeystonePeer.URL).with("heat", "password", "caas_pass")
                .with("heat", "control_plane_address", cloud.gatewayAddress()).with("heat", "poll_interval_ms", "500")
                .with("heat", "environment", cloud.environment().toString());
        stack = DevStack.start(config);
        catalog = CatalogRegion.pointingAt("http://127.0.0.1:" + stack.apiPort() + "/v1");
        cli = Cli.keystoneUser(Files.createDirectories(dir.resolve("home")), "alice", "alice_pass", "tenant-a",
                catalog.name());
        api = new ApiClient(stack.apiPort());
        token = KeystonePeer.login("alice", "alice_pass", "tenant-a").token();
    }

    /** Whatever a failed test left: this test's stacks, namespace hosts and network. */
    @AfterAll
    static void stopCaas() throws Exception {
        try {
            if (stack != null) {
                Provider heat = stack.providers().named("heat").orElseThrow();
                for (String cluster : stack.database().transaction(s -> s.createQuery("select uuid from Cluster",
                        String.class).list())) {
                    heat.deleteCluster(cluster);
                    cloud.deleteHosts(cluster);
                }
                stack.close();
            }
        } finally {
            if (catalog != null) {
                catalog.close();
            }
            if (cloud != null) {
                cloud.close();
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @Order(1)
    void aTemplateIsCheckedAgainstGlanceNovaAndNeutron() throws Exception {
        Cli.Run unknown = cli.openstack("coe", "cluster", "template", "create", "nope", "--coe", "swarm-mode",
                "--image", "no-such-image", "--external-network", "public", "--flavor", "m1.small");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("Image no-such-image could not be found (HTTP 400)");
        Cli.Run noDistro = cli.openstack("coe", "cluster", "template", "create", "nope", "--coe", "swarm-mode",
                "--image", "plain-image", "--external-network", "public", "--flavor", "m1.small");
        assertThat(noDistro.exit()).isNotZero();
        assertThat(noDistro.err()).contains("Image plain-image doesn't contain os_distro field (HTTP 400)");

        cli.openstack("coe", "cluster", "template", "create", "hct", "--coe", "swarm-mode", "--image", "debian-12",
                "--external-network", "public", "--flavor", "m1.small", "--master-flavor", "m1.small",
                "--floating-ip-disabled").ok();
        JsonNode template = cli.openstack("coe", "cluster", "template", "show", "hct", "-f", "json").ok().json();
        assertThat(template.path("image_id").asText()).isEqualTo("debian-12");
        assertThat(template.path("floating_ip_enabled").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void aOneManagerOneWorkerClusterIsOneStackWhoseServersBootTheSwarm() throws Exception {
        Instant started = Instant.now();
        String accepted = cli.openstack("coe", "cluster", "create", CLUSTER, "--cluster-template", "hct",
                "--master-count", "1", "--node-count", "1").ok().out();
        clusterId = show(CLUSTER).path("uuid").asText();
        assertThat(accepted).contains(clusterId);
        cloud.boot(clusterId, tenantHeat());

        JsonNode cluster = awaitStatus(CLUSTER, "CREATE_COMPLETE");
        caasTimes.put("create 1+1", Duration.between(started, Instant.now()));
        JsonNode heatStack = tenantHeat().get("/stacks/caas-" + clusterId).path("stack");
        stackPath = "/stacks/caas-" + clusterId + "/" + heatStack.path("id").asText();
        assertThat(heatStack.path("stack_status").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(cluster.get("master_addresses")).extracting(JsonNode::asText).containsExactly(cloud.address(MANAGER));
        assertThat(cluster.get("node_addresses")).extracting(JsonNode::asText).containsExactly(cloud.address(WORKERS.get(0)));
        assertThat(cluster.get("api_address").asText()).isEqualTo("tcp://" + cloud.address(MANAGER) + ":2376");

        assertThat(nodeLines()).containsExactlyInAnyOrder(MANAGER + " Ready Leader", WORKERS.get(0) + " Ready");
    }

    @Test
    @Order(3)
    void theStackLivesInTheTenantsProjectThroughTheClustersTrust() throws Exception {
        JsonNode stacks = cli.openstack("--os-region-name", "RegionOne", "stack", "list", "-f", "json").ok().json();
        List<String> names = new ArrayList<>();
        stacks.forEach(s -> names.add(s.path("Stack Name").asText()));
        // alice is no admin, so her list holds only her project's stacks
        assertThat(names).as("alice's own `openstack stack list`").contains("caas-" + clusterId);
        // impersonation: Heat saw alice (through the trustee's trust-scoped token) create it
        assertThat(tenantHeat().get(stackPath).path("stack").path("stack_owner").asText()).isEqualTo("alice");

        JsonNode trustee = Trustees.userOf(clusterId).orElseThrow(() -> new AssertionError("no trustee for " + clusterId));
        List<JsonNode> trusts = Trustees.trustsTo(trustee.path("id").asText());
        assertThat(trusts).hasSize(1);
        JsonNode trust = trusts.get(0);
        trustId = trust.path("id").asText();
        assertThat(trust.path("trustor_user_id").asText()).isEqualTo(KeystonePeer.login("alice", "alice_pass", "tenant-a").userId());
        assertThat(trust.path("project_id").asText()).isEqualTo(tenantHeat().projectId());
        assertThat(trust.path("impersonation").asBoolean()).isTrue();

        // sealed at rest: the stored value does not show the trust id (nor, so, the password beside it)
        byte[] sealed = stack.database().transaction(s -> s.createQuery("select sealedValue from ClusterSecret where"
                + " clusterId = :c and name = 'keystone/trust'", byte[].class).setParameter("c", clusterId).uniqueResult());
        assertThat(sealed).isNotNull();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(trustId);
    }

    @Test
    @Order(4)
    void refusedCreatesGetMagnumsErrorsAndLeaveNoClusterNorTrustee() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        String credential = "hcat-" + ProcessHandle.current().pid();
        String refusedId = java.util.UUID.randomUUID().toString();
        try {
            String appToken = KeystonePeer.applicationCredentialToken(alice, credential);
            ApiClient.Reply reply = api.post("/v1/clusters", appToken, """
                    {"name": "hcapp", "uuid": "%s", "cluster_template_id": "hct", "master_count": 1, "node_count": 1}"""
                    .formatted(refusedId));
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.error().path("detail").asText())
                    .startsWith("Failed to create trustee or trust for Cluster: " + refusedId + ". Keystone refused the trust")
                    .contains("create the cluster with a project-scoped token of your own");
        } finally {
            KeystonePeer.deleteApplicationCredential(alice, credential);
        }
        assertThat(api.get("/v1/clusters/" + refusedId, token).status()).isEqualTo(404);
        assertThat(Trustees.userOf(refusedId)).as("trustee of the refused cluster").isEmpty();

        // a UUID in use is Magnum's 409, answered before Keystone is asked: the cluster's own trust is untouched
        ApiClient.Reply taken = api.post("/v1/clusters", token, """
                {"name": "hctaken", "uuid": "%s", "cluster_template_id": "hct", "master_count": 1, "node_count": 1}"""
                .formatted(clusterId));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.error().path("detail").asText()).isEqualTo("A cluster with UUID " + clusterId + " already exists.");
        assertThat(Trustees.trustExists(trustId)).isTrue();
    }

    @Test
    @Order(5)
    void resizeUpAndDownPatchesTheStack() throws Exception {
        Instant started = Instant.now();
        cli.openstack("coe", "cluster", "resize", CLUSTER, "2").ok();
        awaitStatus(CLUSTER, "UPDATE_COMPLETE");
        caasTimes.put("resize to 2 workers", Duration.between(started, Instant.now()));
        assertThat(nodeLines()).containsExactlyInAnyOrder(MANAGER + " Ready Leader", WORKERS.get(0) + " Ready",
                WORKERS.get(1) + " Ready");
        assertThat(heatServers()).containsExactlyInAnyOrder(MANAGER, WORKERS.get(0), WORKERS.get(1));

        // the tenant names the worker to remove: the older one, which caas would not have picked by itself
        started = Instant.now();
        cli.openstack("coe", "cluster", "resize", CLUSTER, "1", "--nodes-to-remove", WORKERS.get(0)).ok();
        JsonNode cluster = awaitStatus(CLUSTER, "UPDATE_COMPLETE");
        caasTimes.put("resize to 1 worker", Duration.between(started, Instant.now()));
        assertThat(cluster.path("node_count").asInt()).isEqualTo(1);
        assertThat(nodeLines()).containsExactlyInAnyOrder(MANAGER + " Ready Leader", WORKERS.get(1) + " Ready");
        assertThat(heatServers()).containsExactlyInAnyOrder(MANAGER, WORKERS.get(1));
    }

    @Test
    @Order(6)
    void deleteRemovesTheStackThenTheTrustAndTrustee() throws Exception {
        Instant started = Instant.now();
        cli.openstack("coe", "cluster", "delete", CLUSTER).ok();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (api.get("/v1/clusters/" + clusterId, token).status() != 404) {
            assertThat(Instant.now()).as("cluster still there").isBefore(deadline);
            Thread.sleep(250);
        }
        caasTimes.put("delete", Duration.between(started, Instant.now()));
        assertThat(cli.openstack("coe", "cluster", "show", CLUSTER).exit()).isNotZero();
        assertThat(Trustees.userOf(clusterId)).as("trustee user after delete").isEmpty();
        assertThat(Trustees.trustExists(trustId)).as("trust after delete").isFalse();
        HeatApi heat = tenantHeat();
        assertThat(heat.get(stackPath).path("stack").path("stack_status").asText()).isEqualTo("DELETE_COMPLETE");
        assertThat(heat.get("/stacks?name=caas-" + clusterId).path("stacks")).isEmpty();

        // Heat's own time per operation, from the stack's events (1 s resolution), which outlive the stack
        List<Duration> heatTimes = heatTimes(heat);
        StringBuilder figures = new StringBuilder("caas on heat through the CLI (caas's time as the API showed it, Heat's own):");
        int i = 0;
        for (Map.Entry<String, Duration> operation : caasTimes.entrySet()) {
            figures.append(String.format(" %s %d ms (Heat %s s);", operation.getKey(), operation.getValue().toMillis(),
                    i < heatTimes.size() ? heatTimes.get(i).toSeconds() : "?"));
            i++;
        }
        System.out.println(figures);
        assertThat(heatTimes).hasSize(caasTimes.size());
    }

    @Test
    @Order(7)
    void aStackWhoseServerFailsEndsCreateFailedWithHeatsReason() throws Exception {
        cli.openstack("coe", "cluster", "create", BROKEN, "--cluster-template", "hct", "--master-count", "1",
                "--node-count", "1").ok();
        JsonNode cluster = awaitStatus(BROKEN, "CREATE_FAILED");
        String brokenId = cluster.path("uuid").asText();
        System.out.println("caas on heat: a failing server's cluster: " + cluster.path("status_reason").asText());
        assertThat(cluster.path("status_reason").asText()).contains("Heat stack caas-" + brokenId + " is CREATE_FAILED")
                .contains("(OS::Heat::TestResource) failed: ValueError: resources.server: Test Resource failed server");
        // Magnum's faults: each failed node (Heat's member name) with Heat's reason for its failed resource
        System.out.println("caas on heat: faults " + cluster.path("faults"));
        assertThat(cluster.path("faults").path(BROKEN + "-default-master-0").asText())
                .contains("resource server (OS::Heat::TestResource) failed: ValueError");

        cli.openstack("coe", "cluster", "delete", BROKEN).ok();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (api.get("/v1/clusters/" + brokenId, token).status() != 404) {
            assertThat(Instant.now()).as("failed cluster still there").isBefore(deadline);
            Thread.sleep(250);
        }
        assertThat(tenantHeat().get("/stacks?name=caas-" + brokenId).path("stacks")).isEmpty();
        assertThat(Trustees.userOf(brokenId)).as("the failed cluster's trustee after delete").isEmpty();
    }

    private static JsonNode show(String name) throws Exception {
        ApiClient.Reply reply = api.get("/v1/clusters/" + name, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Heat as alice sees it in her project, where her clusters' stacks live. */
    private static HeatApi tenantHeat() throws Exception {
        return new HeatApi("alice", "alice_pass", "tenant-a");
    }

    /** Polls the API (faster than the CLI, so the times are caas's); fails early on an unexpected *_FAILED. */
    private static JsonNode awaitStatus(String name, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JsonNode cluster = show(name);
            String status = cluster.path("status").asText();
            if (status.equals(wanted)) {
                return cluster;
            }
            if (status.endsWith("_FAILED") || Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + " is " + status + ", waiting for " + wanted + ": "
                        + cluster.path("status_reason").asText() + "\n" + cloud.diagnostics(cluster.path("uuid").asText()));
            }
            Thread.sleep(250);
        }
    }

    /** "hostname status [manager status]" per node, as docker's CLI with the `coe cluster config` bundle prints them. */
    private static List<String> nodeLines() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs-" + System.nanoTime()));
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : cli.openstack("coe", "cluster", "config", CLUSTER, "--dir", certs.toString(), "--output-certs")
                .ok().out().split("\n")) {
            if (line.startsWith("export ")) {
                String[] pair = line.substring("export ".length()).split("=", 2);
                env.put(pair[0], pair[1].replace("\"", ""));
            }
        }
        String out = cli.docker(env, "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}").ok().out();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** The servers of the cluster's stack as the heat provider last saw it. */
    private static List<String> heatServers() throws Exception {
        return stack.providers().named("heat").orElseThrow().hosts(clusterId).stream().map(h -> h.name()).toList();
    }

    /** How long Heat itself took for each operation on the stack, in order, from its stack-level events. */
    private static List<Duration> heatTimes(HeatApi heat) throws Exception {
        List<Duration> times = new ArrayList<>();
        Instant started = null;
        for (JsonNode event : heat.get(stackPath + "/events?resource_name=caas-" + clusterId + "&sort_dir=asc")
                .path("events")) {
            String time = event.path("event_time").asText();
            Instant at = Instant.parse(time.endsWith("Z") ? time : time + "Z");
            if (event.path("resource_status").asText().endsWith("_IN_PROGRESS")) {
                started = at;
            } else if (started != null) {
                times.add(Duration.between(started, at));
                started = null;
            }
        }
        return times;
    }
}
