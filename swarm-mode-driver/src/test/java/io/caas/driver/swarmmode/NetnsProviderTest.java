package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace host goes with every process it started, whatever its pid files say: an engine whose pid file is not
 * written yet (a process naming the host's directory), a process that names nothing but runs in the host's
 * namespace; and a pid file naming a process that is not the host's (a reused pid) kills nothing.
 */
class NetnsProviderTest {
    private static final String CLUSTER = "netns-provider-test";
    private static TestNetwork network;

    @TempDir
    Path dir;

    @BeforeAll
    static void createNetwork() throws Exception {
        network = TestNetwork.create();
    }

    @AfterAll
    static void removeNetwork() throws Exception {
        network.close();
    }

    @Test
    void removingAHostStopsWhatItStartedAndNothingElse() throws Exception {
        NetnsProvider provider = new NetnsProvider(network, dir);
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try {
            // like swarm-node.sh: detached processes the bootstrap does not wait for
            String userData = "setsid bash -c 'echo $$ > \"$0\"; sleep 600' \"$CAAS_HOST_DIR/engine-like\" &\n"
                    + "setsid sleep 601 &\n"
                    + "echo " + stranger.pid() + " > \"$CAAS_HOST_DIR/docker.pid\"\n";
            Host host = provider.createHost(new HostSpec(CLUSTER, "leaky", "worker", null, null, userData));
            Path hostDir = Path.of(host.id());
            List<Long> started = awaitProcesses(hostDir);

            provider.removeHost(CLUSTER, host);

            assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("process %d of the removed host", pid).isEmpty());
            assertThat(stranger.isAlive()).as("the process a stale docker.pid names").isTrue();
            assertThat(HostProcesses.naming(hostDir)).isEmpty();
            assertThat(namespaces()).noneMatch(namespace -> namespace.startsWith(network.name() + "-"));
            assertThat(provider.hosts(CLUSTER)).isEmpty();
        } finally {
            stranger.destroyForcibly().waitFor();
        }
    }

    @Test
    void aHostThatFailsAfterItsNamespaceWasMadeLeavesNothingAndItsNumberFree() throws Exception {
        NetnsProvider provider = new NetnsProvider(network, dir);
        int n = network.nextHostNumber();
        // the bootstrap cannot start: its log's name is taken by a directory
        Path log = Files.createDirectories(dir.resolve("flaky-" + n).resolve("bootstrap.log"));

        assertThatThrownBy(() -> provider.createHost(new HostSpec(CLUSTER, "flaky", "worker", null, null, "true\n"), n))
                .hasMessageContaining("host flaky could not be made");
        assertThat(namespaces()).doesNotContain(network.name() + "-" + n);
        assertThat(provider.hosts(CLUSTER)).isEmpty();

        Files.delete(log);
        Host host = provider.createHost(new HostSpec(CLUSTER, "flaky", "worker", null, null, "true\n"), n);
        assertThat(host.address()).isEqualTo(network.address(n));
        provider.removeHost(CLUSTER, host);
    }

    /** The engine-like process (by the pid it wrote) and the sleep in the host's namespace, once both run. */
    private List<Long> awaitProcesses(Path hostDir) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Path engineLike = hostDir.resolve("engine-like");
            List<Long> inNamespace = HostProcesses.inNamespace(network.name() + "-" + hostNumber(hostDir));
            if (Files.exists(engineLike) && !Files.readString(engineLike).isBlank() && inNamespace.size() >= 2) {
                return inNamespace;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the host's processes did not start; see " + hostDir.resolve("bootstrap.log"));
    }

    private static List<String> namespaces() throws Exception {
        return Processes.run(List.of("ip", "netns", "list")).out().lines().map(line -> line.split(" ")[0]).toList();
    }

    private static int hostNumber(Path hostDir) {
        String name = hostDir.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }
}
