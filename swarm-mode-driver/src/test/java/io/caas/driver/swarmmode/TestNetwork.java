package io.caas.driver.swarmmode;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts for tests, each its own network namespace with a veth into one bridge, as the local provider makes them:
 * bridge swdt0 = 198.18.213.1/24 (RFC 2544 test range, a /24 no other part of caas uses), host n = .(10+n).
 * Engines in their own namespaces keep swarm's docker_gwbridge and ports out of the machine's root namespace.
 */
final class TestNetwork implements AutoCloseable {
    private static final String PREFIX = "198.18.213";
    private static final String BRIDGE = "swdt0";
    private final Set<Integer> hosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lastHost = new AtomicInteger();

    private TestNetwork() {
    }

    static TestNetwork create() throws Exception {
        for (String tool : List.of("ip", "nsenter", "unshare", "dockerd", "openssl", "curl")) {
            Processes.require(tool);
        }
        removeLeftovers();
        ip("link", "add", BRIDGE, "type", "bridge");
        ip("addr", "add", gateway() + "/24", "dev", BRIDGE);
        ip("link", "set", BRIDGE, "up");
        return new TestNetwork();
    }

    /** The bridge's address in the root namespace, where the test's caas listens. */
    static String gateway() {
        return PREFIX + ".1";
    }

    /** A host number never used before on this network, so no host meets the leftovers of another. */
    int nextHostNumber() {
        return lastHost.incrementAndGet();
    }

    String addHost(int n) throws Exception {
        String namespace = namespace(n);
        String address = PREFIX + "." + (10 + n);
        ip("netns", "add", namespace);
        hosts.add(n);
        ip("link", "add", "swdtv" + n, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("link", "set", "swdtv" + n, "master", BRIDGE, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        return address;
    }

    /** The command line that runs {@code command} inside host n, with its own mounts, hostname and /etc/docker. */
    List<String> enter(int n, Path hostDir, String hostName, List<String> command) throws URISyntaxException {
        Path helper = Path.of(TestNetwork.class.getResource("enter-host.sh").toURI());
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace(n), "unshare", "--mount",
                "--uts", "--propagation", "slave", "bash", helper.toString(), hostDir.toString(), hostName));
        line.addAll(command);
        return line;
    }

    /**
     * Deletes the host's namespace and then its veth from the root side: a namespace whose engine had joined a swarm
     * was seen to outlive `ip netns del` (no process or mount held it), keeping its veth and blocking the name.
     */
    void removeHost(int n) throws Exception {
        if (hosts.remove(n)) {
            ip("netns", "del", namespace(n));
            deleteLinkIfPresent("swdtv" + n);
        }
    }

    /** The kernel frees a deleted namespace's veth asynchronously, so the link may vanish between look and delete. */
    private static void deleteLinkIfPresent(String link) throws Exception {
        if (Processes.run(List.of("ip", "link", "show", link)).exitCode() == 0
                && Processes.run(List.of("ip", "link", "del", link)).exitCode() != 0
                && Processes.run(List.of("ip", "link", "show", link)).exitCode() == 0) {
            throw new AssertionError("ip link del " + link + " failed and the link is still there");
        }
    }

    @Override
    public void close() throws Exception {
        for (int n : List.copyOf(hosts)) {
            removeHost(n);
        }
        ip("link", "del", BRIDGE);
    }

    private static String namespace(int n) {
        return "swdt-" + n;
    }

    /** What a killed test run left behind: only this class's own names. */
    private static void removeLeftovers() throws Exception {
        for (String line : Processes.run(List.of("ip", "netns", "list")).out().split("\n")) {
            String name = line.split(" ")[0];
            if (name.matches("swdt-[0-9]+")) {
                ip("netns", "del", name);
            }
        }
        for (String line : Processes.run(List.of("ip", "-br", "link")).out().split("\n")) {
            String link = line.split("[ @]")[0];
            if (link.matches("swdtv[0-9]+")) {
                ip("link", "del", link);
            }
        }
        deleteLinkIfPresent(BRIDGE);
    }

    private static void ip(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Processes.Result result = Processes.run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + result.stderr());
        }
    }
}
