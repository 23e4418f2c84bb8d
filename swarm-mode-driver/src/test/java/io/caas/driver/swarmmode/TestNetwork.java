package io.caas.driver.swarmmode;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Hosts for tests, each its own network namespace with a veth into one bridge, as the local provider makes them:
 * bridge NAME0 = PREFIX.1/24, host n = PREFIX.(10+n), namespaces NAME-n, veths NAMEvn. Engines in their own namespaces
 * keep swarm's docker_gwbridge and ports out of the machine's root namespace.
 * <p>
 * Every network is leased ({@link NetworkLeases}) for as long as it is open, so test runs at the same time on one
 * machine never share names or subnets, nor clear each other's hosts: {@link #create()} takes a free one of 64 slots,
 * ctNN on 198.19.(128+NN).0/24 (RFC 2544's benchmark range; caas's local provider allocates 198.18.0.0 upwards and
 * skips subnets in use, benchmarks/raw-swarm.sh uses 198.19.250). What a dead run left on a slot (processes in its
 * namespaces, namespaces, veths, bridge) is cleared when the slot is taken over.
 */
final class TestNetwork implements AutoCloseable {
    static final int SLOTS = 64;
    private static final int FIRST_SLOT_OCTET = 128;
    private final Set<Integer> hosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lastHost = new AtomicInteger();
    /** Link and namespace names start with it (bridge name0, veths namevN, namespaces name-N). */
    private final String name;
    private final String prefix;
    private final NetworkLeases leases;
    private final NetworkLeases.Lease lease;
    private static Path extractedEnterHost;

    private TestNetwork(String name, String prefix, NetworkLeases leases, NetworkLeases.Lease lease) {
        this.name = name;
        this.prefix = prefix;
        this.leases = leases;
        this.lease = lease;
    }

    /** A network of a slot no other open network on this machine holds. */
    static TestNetwork create() throws Exception {
        requireTools();
        NetworkLeases leases = new NetworkLeases(NetworkLeases.MACHINE);
        Set<String> subnetsInUse = subnetsInUse();
        NetworkLeases.Lease lease = leases.leaseAny(IntStream.range(0, SLOTS).mapToObj(TestNetwork::slotName).toList(),
                slot -> subnetsInUse.contains(slotPrefix(slot)) || linkExists(slot + "0"));
        return open(lease.name(), slotPrefix(lease.name()), leases, lease);
    }

    /**
     * A network of fixed names for a test that needs them: leased like the others, so a second run fails at once
     * naming the live run that holds it instead of clearing that run's hosts (and so does a network of these names
     * that exists without a lease). {@code name}: 4 letters, not ctNN;
     * {@code prefix}: a /24 of 198.18.0.0/15 outside the slots.
     */
    static TestNetwork create(String name, String prefix) throws Exception {
        requireTools();
        NetworkLeases leases = new NetworkLeases(NetworkLeases.MACHINE);
        Set<String> subnetsInUse = subnetsInUse();
        return open(name, prefix, leases, leases.lease(name,
                unleased -> subnetsInUse.contains(prefix) || linkExists(unleased + "0")));
    }

    private static TestNetwork open(String name, String prefix, NetworkLeases leases, NetworkLeases.Lease lease)
            throws Exception {
        TestNetwork network = new TestNetwork(name, prefix, leases, lease);
        try {
            network.removeLeftovers();
            ip("link", "add", network.bridge(), "type", "bridge");
            ip("addr", "add", network.gatewayAddress() + "/24", "dev", network.bridge());
            ip("link", "set", network.bridge(), "up");
            return network;
        } catch (Exception | AssertionError e) {
            leases.release(lease);
            throw e;
        }
    }

    private static void requireTools() throws Exception {
        for (String tool : List.of("ip", "nsenter", "unshare", "dockerd", "openssl", "curl")) {
            Processes.require(tool);
        }
    }

    static String slotName(int slot) {
        return String.format("ct%02d", slot);
    }

    static String slotPrefix(String slotName) {
        return "198.19." + (FIRST_SLOT_OCTET + Integer.parseInt(slotName.substring(2)));
    }

    /** Link and namespace names of this network start with it. */
    String name() {
        return name;
    }

    /** The network's /24 without its last octet, e.g. 198.19.131. */
    String prefix() {
        return prefix;
    }

    /** The pid of the dead run this network's slot was taken over from, or 0. */
    long reclaimedFromPid() {
        return lease.reclaimedFromPid();
    }

    /** The bridge's address in the root namespace, where a test's caas listens. */
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
     * Stops whatever still runs in the host's namespace (a dockerd there would outlive it, namespace-less), deletes
     * the namespace and then its veth from the root side: a namespace whose engine had joined a swarm was seen to
     * outlive `ip netns del` (no process or mount held it), keeping its veth and blocking the name.
     */
    void removeHost(int n) throws Exception {
        if (hosts.remove(n)) {
            deleteHost(n);
        }
    }

    private void deleteHost(int n) throws Exception {
        HostProcesses.stop(HostProcesses.inNamespace(namespace(n)));
        ip("netns", "del", namespace(n));
        deleteLinkIfPresent(name + "v" + n);
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
        try {
            for (int n : List.copyOf(hosts)) {
                removeHost(n);
            }
            ip("link", "del", bridge());
        } finally {
            leases.release(lease);
        }
    }

    private String bridge() {
        return name + "0";
    }

    private String namespace(int n) {
        return name + "-" + n;
    }

    /** What a killed test run left on this network's names (the lease makes them ours now), processes first. */
    private void removeLeftovers() throws Exception {
        for (String line : Processes.run(List.of("ip", "netns", "list")).out().split("\n")) {
            String namespace = line.split(" ")[0];
            if (namespace.matches(name + "-[0-9]+")) {
                deleteHost(Integer.parseInt(namespace.substring(name.length() + 1)));
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

    private static Set<String> subnetsInUse() throws Exception {
        Set<String> used = new HashSet<>();
        Matcher address = Pattern.compile("inet (198\\.1[89]\\.\\d{1,3})\\.\\d{1,3}/")
                .matcher(Processes.run(List.of("ip", "-4", "-o", "addr", "show")).out());
        while (address.find()) {
            used.add(address.group(1));
        }
        return used;
    }

    private static boolean linkExists(String link) {
        try {
            return Processes.run(List.of("ip", "link", "show", link)).exitCode() == 0;
        } catch (Exception e) {
            throw new IllegalStateException("ip link show " + link + " could not run: " + e.getMessage(), e);
        }
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
