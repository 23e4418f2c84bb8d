package io.caas.conductor.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real hosts: runs as root, starts dockerds in network namespaces and an HAProxy, and checks nothing stays. */
class LocalProviderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @TempDir
    Path stateDir;
    private LocalProvider provider;
    private String clusterId;
    private String userData;

    @BeforeEach
    void openProvider() throws Exception {
        provider = LocalProvider.open(config());
        clusterId = UUID.randomUUID().toString();
        userData = resource("test-user-data.sh");
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void deleteCluster() throws ProviderException {
        provider.deleteCluster(clusterId);
    }

    @Test
    void hostsRunBehindALoadBalancerAndLeaveNothingWhenRemoved() throws Exception {
        Host first = provider.createHost(spec("node-1", "manager"));
        Host second = provider.createHost(spec("node-2", "worker"));
        Host third = provider.createHost(spec("node-3", "worker"));
        ClusterRecord cluster = provider.localState().findCluster(clusterId).orElseThrow();

        assertThat(List.of(first.address(), second.address(), third.address()))
                .containsExactly(cluster.subnet() + ".11", cluster.subnet() + ".12", cluster.subnet() + ".13");
        for (Host host : List.of(first, second, third)) {
            awaitPing(host.address() + ":2375");
            assertThat(provider.state(clusterId, host)).isEqualTo(HostState.RUNNING);
        }
        assertThat(hostnameOf(first)).isEqualTo("node-1");
        assertThat(Files.readString(Path.of("/proc", Long.toString(dockerdPid(cluster, first)), "mountinfo")))
                .as("the host's private /etc/docker, in its own mount namespace").contains(" /etc/docker ");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(stateDir.toString());

        LocalProvider restarted = LocalProvider.open(config());
        assertThat(restarted.hosts(clusterId)).containsExactly(first, second, third);
        assertThat(restarted.state(clusterId, second)).isEqualTo(HostState.RUNNING);

        HostRecord thirdRecord = record(cluster, third);
        Path thirdDir = provider.localState().hostDir(cluster, thirdRecord);
        assertThat(processesMentioning(thirdDir)).as("node-3's dockerd and containerd").hasSizeGreaterThanOrEqualTo(2);
        provider.removeHost(clusterId, third);
        assertThat(provider.state(clusterId, third)).isEqualTo(HostState.GONE);
        assertNothingLeftOf(thirdDir, thirdRecord.netns(), thirdRecord.veth());
        assertThat(provider.hosts(clusterId)).containsExactly(first, second);

        String balancer = provider.ensureLoadBalancer(clusterId, 2375,
                List.of(first.address() + ":2375", second.address() + ":2375"));
        assertThat(balancer).isEqualTo(cluster.loadBalancerAddress() + ":2375");
        for (int i = 0; i < 4; i++) {
            assertThat(ping(balancer)).isEqualTo("OK");
        }

        ProcessHandle.of(dockerdPid(cluster, second)).orElseThrow().destroyForcibly();
        await(() -> stateOf(second) == HostState.FAILED, "node-2 FAILED after its dockerd was killed");
        for (int i = 0; i < 10; i++) {
            assertThat(ping(balancer)).as("ping %d through the load balancer with one backend dead", i).isEqualTo("OK");
        }

        HostRecord secondRecord = record(cluster, second);
        Path secondDir = provider.localState().hostDir(cluster, secondRecord);
        provider.removeHost(clusterId, second);
        assertNothingLeftOf(secondDir, secondRecord.netns(), secondRecord.veth());
        assertThat(ping(first.address() + ":2375")).isEqualTo("OK");

        String reloaded = provider.ensureLoadBalancer(clusterId, 2375, List.of(first.address() + ":2375"));
        assertThat(reloaded).isEqualTo(balancer);
        await(() -> provider.loadBalancer(cluster).processes().size() == 1, "one haproxy after the reload");
        assertThat(ping(balancer)).isEqualTo("OK");

        ProcessHandle.of(dockerdPid(cluster, first)).orElseThrow().destroy();
        await(() -> stateOf(first) == HostState.STOPPED, "node-1 STOPPED after its dockerd shut down cleanly");

        HostRecord firstRecord = record(cluster, first);
        Path clusterDir = provider.localState().clusterDir(cluster);
        provider.deleteCluster(clusterId);

        assertThat(provider.hosts(clusterId)).isEmpty();
        assertThat(provider.state(clusterId, first)).isEqualTo(HostState.GONE);
        assertNothingLeftOf(clusterDir, firstRecord.netns(), firstRecord.veth());
        assertThat(run("ip", "-o", "link", "show")).doesNotContain(cluster.bridge());
        assertThat(run("ip", "-4", "-o", "addr", "show")).doesNotContain(cluster.subnet() + ".");
        assertThat(processesMentioning(stateDir)).isEmpty();
    }

    @Test
    void theBootstrapSeesOnlyItsHostAndItsExitStatusDecidesStoppedOrFailed() throws Exception {
        String inspect = resource("inspect-user-data.sh");
        Host finished = provider.createHost(new HostSpec(clusterId, "node-exit-0", "worker", null, null, inspect));
        Host crashed = provider.createHost(new HostSpec(clusterId, "node-exit-3", "worker", null, null, inspect));
        await(() -> stateOf(finished) == HostState.STOPPED, "node-exit-0 STOPPED after its bootstrap exited 0");
        await(() -> stateOf(crashed) == HostState.FAILED, "node-exit-3 FAILED after its bootstrap exited 3");

        ClusterRecord cluster = provider.localState().findCluster(clusterId).orElseThrow();
        Path dir = provider.localState().hostDir(cluster, record(cluster, finished));
        Map<String, String> seen = new java.util.TreeMap<>();
        for (String entry : Files.readString(dir.resolve("seen.env")).split("\0")) {
            seen.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        assertThat(seen).as("nothing of caas's own environment reaches a host")
                .containsEntry("CAAS_HOST_DIR", dir.toString())
                .containsEntry("CAAS_HOST_NAME", "node-exit-0")
                .containsEntry("CAAS_HOST_ADDRESS", finished.address())
                .containsEntry("CAAS_HOST_ROLE", "worker")
                .containsEntry("CAAS_GATEWAY_ADDRESS", cluster.gatewayAddress());
        assertThat(seen.keySet()).allMatch(name -> name.startsWith("CAAS_HOST_") || List.of("CAAS_GATEWAY_ADDRESS",
                "PATH", "LANG", "HOME", "PWD", "OLDPWD", "SHLVL", "_").contains(name), "only the bootstrap contract");
        assertThat(Files.readString(dir.resolve("seen.hostname")).strip()).isEqualTo("node-exit-0");
        assertThat(Files.readString(dir.resolve("seen.interfaces")).split("\\s+")).containsExactlyInAnyOrder("eth0", "lo");
        assertThat(Files.readString(dir.resolve("seen.address"))).contains("inet " + finished.address() + "/24");
        assertThat(Files.readString(dir.resolve("seen.files"))).as("the bootstrap, secrets and all, is not kept on disk")
                .doesNotContain("user-data");
        assertThat(dir.resolve("user-data.sh")).doesNotExist();
    }

    @Test
    void aHostThatCannotBeCreatedLeavesNoState() throws Exception {
        assertThatThrownBy(() -> provider.createHost(new HostSpec(clusterId, "bad name", "worker", null, null, userData)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("not a valid hostname");
        assertThatThrownBy(() -> provider.createHost(new HostSpec(clusterId, "node-1", "worker", "centos", null, userData)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("use swarm-local");
        assertThat(provider.hosts(clusterId)).isEmpty();
        assertThat(provider.localState().findCluster(clusterId)).isEmpty();
    }

    @Test
    void theCatalogueOffersTheDebianImageForSwarmMode() {
        assertThat(provider.catalogue().findImage("swarm-local")).hasValueSatisfying(image ->
                assertThat(image.osDistro()).isEqualTo("debian"));
        assertThat(provider.catalogue().findFlavor("m1.small")).isPresent();
        assertThat(provider.catalogue().findExternalNetwork("public")).isPresent();
    }

    @Test
    void aLoadBalancerBackendThatIsNotAnAddressNeverReachesTheConfiguration() {
        assertThatThrownBy(() -> provider.ensureLoadBalancer(clusterId, 2375, List.of("10.0.0.1:80\n    bind *:22")))
                .isInstanceOf(ProviderException.class).hasMessageContaining("is not IPv4-address:port");
    }

    private CaasConfig config() {
        return CaasConfig.parse("", Map.of()).with("providers", "local_state_dir", stateDir.toString());
    }

    private HostSpec spec(String name, String role) {
        return new HostSpec(clusterId, name, role, "swarm-local", "m1.small", userData);
    }

    private HostState stateOf(Host host) {
        try {
            return provider.state(clusterId, host);
        } catch (ProviderException e) {
            throw new IllegalStateException(e);
        }
    }

    private HostRecord record(ClusterRecord cluster, Host host) throws ProviderException {
        return provider.localState().findHost(cluster, host.id()).orElseThrow();
    }

    private long dockerdPid(ClusterRecord cluster, Host host) throws Exception {
        Path pidFile = provider.localState().hostDir(cluster, record(cluster, host)).resolve("docker.pid");
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private String hostnameOf(Host host) throws Exception {
        String info = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host.address() + ":2375/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return info.replaceAll("(?s).*\"Name\":\"([^\"]*)\".*", "$1");
    }

    /** Every trace checked with the machine's own tools, not with the provider's code. */
    private void assertNothingLeftOf(Path dir, String netns, String veth) throws Exception {
        assertThat(dir).doesNotExist();
        assertThat(run("ip", "netns", "list")).doesNotContain(netns);
        assertThat(run("ip", "-o", "link", "show")).doesNotContain(veth);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
        assertThat(processesMentioning(dir)).isEmpty();
    }

    /** Processes whose command line or environment names {@code dir}: a host's dockerd, containerd and shims. */
    private static List<String> processesMentioning(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path proc : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    String text = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            + new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                    if (!zombie && text.contains(dir.toString())) {
                        found.add(proc.getFileName() + " " + stat);
                    }
                } catch (IOException ended) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return output;
    }

    /** One HTTP/1.0 request on a fresh connection, so every ping goes through the balancer's choice anew. */
    private static String ping(String addressAndPort) throws IOException {
        int colon = addressAndPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(addressAndPort.substring(0, colon),
                    Integer.parseInt(addressAndPort.substring(colon + 1))), 3_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static void awaitPing(String addressAndPort) {
        await(() -> {
            try {
                return ping(addressAndPort).equals("OK");
            } catch (Exception notYet) {
                return false;
            }
        }, "dockerd answering /_ping on " + addressAndPort);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still waiting for " + what + " after " + DEADLINE.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
