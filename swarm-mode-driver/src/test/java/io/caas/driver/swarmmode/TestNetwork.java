package io.caas.driver.swarmmode;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
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
    private static final String NAME = "swdt";
    private final Set<Integer> hosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lastHost = new AtomicInteger();
    /** Link and namespace names start with it (bridge name0, veths namevN, namespaces name-N). */
    private final String name;
    private final String prefix;
    private static Path extractedEnterHost;

    private TestNetwork(String name, String prefix) {
        this.name = name;
        this.prefix = prefix;
    }

    static TestNetwork create() throws Exception {
        return create(NAME, PREFIX);
    }

    /**
     * A network of its own, for a test that may run while SwarmModeDriverTest runs elsewhere on the machine: each
     * cleans only the leftovers of its own names. {@code name}: 4 letters; {@code prefix}: a /24 of 198.18.0.0/15.
     */
    static TestNetwork create(String name, String prefix) throws Exception {
        for (String tool : List.of("ip", "nsenter", "unshare", "dockerd", "openssl", "curl")) {
            Processes.require(tool);
        }
        TestNetwork network = new TestNetwork(name, prefix);
        network.removeLeftovers();
        ip("link", "add", network.bridge(), "type", "bridge");
        ip("addr", "add", network.gatewayAddress() + "/24", "dev", network.bridge());
        ip("link", "set", network.bridge(), "up");
        return network;
    }

    /** The default network's bridge address in the root namespace, where the test's caas listens. */
    static String gateway() {
        return PREFIX + ".1";
    }

    String gatewayAddress() {
        return prefix + ".1";
    }

    /** A host number never used before on this network, so no host meets the leftovers of another. */
    int nextHostNumber() {
        return lastHost.incrementAndGet();
    }

    String address(int n) {
        return prefix + "." + (10 + n);
    }

    String addHost(int n) throws Exception {
        String namespace = namespace(n);
        String address = address(n);
        ip("netns", "add", namespace);
        hosts.add(n);
        ip("link", "add", name + "v" + n, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("link", "set", name + "v" + n, "master", bridge(), "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        return address;
    }

    /** The command line that runs {@code command} inside host n, with its own mounts, hostname and /etc/docker. */
    List<String> enter(int n, Path hostDir, String hostName, List<String> command) throws Exception {
        Path helper = enterHostScript();
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace(n), "unshare", "--mount",
                "--uts", "--propagation", "slave", "bash", helper.toString(), hostDir.toString(), hostName));
        line.addAll(command);
        return line;
    }

    /**
     * enter-host.sh as a file: the test classes' own, or, when another module's test runs from this test-jar, a copy
     * made once per run (bash cannot read a script inside a jar).
     */
    private static synchronized Path enterHostScript() throws Exception {
        URI script = TestNetwork.class.getResource("enter-host.sh").toURI();
        if ("file".equals(script.getScheme())) {
            return Path.of(script);
        }
        if (extractedEnterHost == null) {
            Path copy = Files.createTempFile("enter-host", ".sh");
            copy.toFile().deleteOnExit();
            try (InputStream in = TestNetwork.class.getResourceAsStream("enter-host.sh")) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            extractedEnterHost = copy;
        }
        return extractedEnterHost;
    }

    /**
     * Deletes the host's namespace and then its veth from the root side: a namespace whose engine had joined a swarm
     * was seen to outlive `ip netns del` (no process or mount held it), keeping its veth and blocking the name.
     */
    void removeHost(int n) throws Exception {
        if (hosts.remove(n)) {
            ip("netns", "del", namespace(n));
            deleteLinkIfPresent(name + "v" + n);
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
        ip("link", "del", bridge());
    }

    private String bridge() {
        return name + "0";
    }

    private String namespace(int n) {
        return name + "-" + n;
    }

    /** What a killed test run left behind: only this class's own names. */
    private void removeLeftovers() throws Exception {
        for (String line : Processes.run(List.of("ip", "netns", "list")).out().split("\n")) {
            String namespace = line.split(" ")[0];
            if (namespace.matches(name + "-[0-9]+")) {
                ip("netns", "del", namespace);
            }
        }
        for (String line : Processes.run(List.of("ip", "-br", "link")).out().split("\n")) {
            String link = line.split("[ @]")[0];
            if (link.matches(name + "v[0-9]+")) {
                ip("link", "del", link);
            }
        }
        deleteLinkIfPresent(bridge());
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
