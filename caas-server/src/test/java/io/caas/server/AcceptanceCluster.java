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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One acceptance test class's `caas dev` stack on the local provider and its one cluster, driven as a tenant drives
 * it: the real openstack CLI (`coe cluster show/config`), docker's CLI with the bundle caas hands out, and caas's
 * API for its extensions (events). {@link #close} leaves nothing on the machine: every cluster's hosts (their
 * engines stopped by pid), namespaces, bridges and the load balancer go with the local provider, then the directory.
 */
final class AcceptanceCluster implements AutoCloseable {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(6);
    /** docker node ls: name, status and manager status (empty for a worker) per node. */
    static final String NODE_FORMAT = "{{.Hostname}} {{.Status}} {{.ManagerStatus}}";

    final Path dir;
    final DevStack stack;
    final Cli cli;
    final ApiClient api;
    final Provider local;
    final LocalEngines engines;
    /** The cluster's name in the CLI and the API. */
    final String name;
    /** The environment docker's CLI needs for the cluster (DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_TLS_VERIFY). */
    Map<String, String> dockerEnv;

    private AcceptanceCluster(Path dir, DevStack stack, String name) {
        this.dir = dir;
        this.stack = stack;
        this.name = name;
        this.cli = new Cli(dir.resolve("home"), stack.apiPort());
        this.api = new ApiClient(stack.apiPort());
        this.local = stack.providers().named("local").orElseThrow();
        this.engines = new LocalEngines(dir.resolve("data").resolve("local"));
    }

    /**
     * Starts caas dev in /tmp/caas-{@code tag}-PID (short on purpose: dockerd's and containerd's unix sockets live
     * below it, 108-byte limit) with a 2 s conductor heartbeat and {@code tuning} on top.
     */
    static AcceptanceCluster start(String tag, String clusterName, UnaryOperator<CaasConfig> tuning) throws Exception {
        Path dir = Path.of("/tmp", "caas-" + tag + "-" + ProcessHandle.current().pid());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("home"));
        CaasConfig config = tuning.apply(DevCommand.devDefaults(CaasConfig.parse("", Map.of()), dir.resolve("data"), port)
                .with("conductor", "heartbeat_interval", "2"));
        return new AcceptanceCluster(dir, DevStack.start(config), clusterName);
    }

    /** Whatever a failed test left running goes too: hosts, namespaces, bridges, the load balancer. */
    @Override
    public void close() throws Exception {
        try {
            for (String cluster : stack.database().transaction(s -> s.createQuery("select uuid from Cluster",
                    String.class).list())) {
                local.deleteCluster(cluster);
            }
        } finally {
            stack.close();
            run("rm", "-rf", dir.toString());
        }
    }

    /** `coe cluster show` of the cluster, as JSON. */
    JsonNode show() throws Exception {
        return cli.openstack("coe", "cluster", "show", name, "-f", "json").ok().json();
    }

    JsonNode awaitStatus(String wanted) throws Exception {
        return awaitStatus(wanted, Instant.now());
    }

    /** Polls `coe cluster show` until the status is {@code wanted}; fails at once on another *_FAILED. */
    JsonNode awaitStatus(String wanted, Instant since) throws Exception {
        Instant deadline = since.plus(BUILD_TIMEOUT);
        while (true) {
            JsonNode cluster = show();
            String status = cluster.get("status").asText();
            if (status.equals(wanted)) {
                return cluster;
            }
            assertThat(status).as("status_reason: " + cluster.path("status_reason").asText()).doesNotEndWith("_FAILED");
            assertThat(Instant.now()).as("still " + status + " after " + BUILD_TIMEOUT).isBefore(deadline);
            Thread.sleep(1000);
        }
    }

    /** Fetches the bundle of `coe cluster config` into dir/{@code certsDir}, making it the one docker's CLI uses. */
    Map<String, String> fetchBundle(String certsDir) throws Exception {
        Path certs = Files.createDirectories(dir.resolve(certsDir));
        dockerEnv = exportsOf(cli.openstack("coe", "cluster", "config", name, "--dir", certs.toString(),
                "--output-certs").ok().out());
        return dockerEnv;
    }

    /** The bundle's environment aimed at one node's engine instead of api_address. */
    Map<String, String> dockerEnvAt(String address) {
        Map<String, String> node = new HashMap<>(dockerEnv);
        node.put("DOCKER_HOST", "tcp://" + address + ":2376");
        return node;
    }

    /** One line per node of `docker node ls --format format` through api_address. */
    List<String> nodeLines(String format) throws Exception {
        String out = cli.docker(dockerEnv, "node", "ls", "--format", format).ok().out();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** "hostname status [manager status]" per node. */
    List<String> nodeLines() throws Exception {
        return nodeLines(NODE_FORMAT);
    }

    List<String> nodeNames() throws Exception {
        return nodeLines().stream().map(line -> line.split(" ")[0]).toList();
    }

    /** The cluster's events, newest first, as "kind: message" (caas's events API). */
    List<String> events() throws Exception {
        ApiClient.Reply reply = api.get("/v1/clusters/" + name + "/events?limit=1000", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        reply.json().path("events").forEach(e -> events.add(e.path("kind").asText() + ": " + e.path("message").asText()));
        return events;
    }

    List<String> eventKinds() throws Exception {
        return events().stream().map(event -> event.substring(0, event.indexOf(": "))).toList();
    }

    /** The message of the newest event of {@code kind}. */
    String eventMessage(String kind) throws Exception {
        return events().stream().filter(event -> event.startsWith(kind + ": ")).findFirst()
                .map(event -> event.substring(kind.length() + 2)).orElse("(no " + kind + " event)");
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 0.5 s until it holds, failing after {@code timeout} naming {@code what}. */
    static void await(String what, Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.holds()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /**
     * A busybox rootfs with a page that says ok (/www/index.html), as an image tarball for `docker import`: the hosts
     * pull nothing (no registry, no network out).
     */
    Path busyboxImage() throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.writeString(rootfs.resolve("www/index.html"), "ok\n");
        Path image = dir.resolve("busybox.tar");
        run("tar", "-C", rootfs.toString(), "-cf", image.toString(), ".");
        return image;
    }

    static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** The variables of `coe cluster config`'s "export NAME=value" lines. */
    static Map<String, String> exportsOf(String output) {
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
