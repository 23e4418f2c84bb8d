package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.spi.Host;
import io.caas.provider.heat.HeatApi;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The test cloud behind a real Heat, for any test that runs caas's heat provider: a namespace network of its own,
 * an address reserved there for each node name the test will ask for, and the Heat environment (test-cloud/ of
 * this test-jar, copied out) whose port facade hands those addresses out and whose Nova facade fails the servers
 * named as failing. {@link #boot} then boots each server of a cluster's real stack on its namespace host with the
 * user data Heat handed it ({@link HeatServersOnHosts}).
 */
public final class HeatTestCloud implements AutoCloseable {
    private static final String TEST_CLOUD = "/io/caas/provider/heat/test-cloud/";
    private final TestNetwork network;
    final NetnsProvider hosts;
    final Map<String, Integer> numbers;
    private final Path environment;
    private final List<HeatServersOnHosts> watchers = new ArrayList<>();
    private final Set<String> bootedClusters = new LinkedHashSet<>();

    private HeatTestCloud(TestNetwork network, NetnsProvider hosts, Map<String, Integer> numbers, Path environment) {
        this.network = network;
        this.hosts = hosts;
        this.numbers = numbers;
        this.environment = environment;
    }

    /**
     * A cloud on a test network of its own, leased for this run ({@link TestNetwork#create()}); {@code base}:
     * environment.yaml or environment-failing-servers.yaml.
     */
    public static HeatTestCloud create(Path dir, String base, List<String> nodeNames, List<String> failingServers)
            throws Exception {
        return on(TestNetwork.create(), dir, base, nodeNames, failingServers);
    }

    private static HeatTestCloud on(TestNetwork network, Path dir, String base, List<String> nodeNames,
                                    List<String> failingServers) throws Exception {
        try {
            Map<String, Integer> numbers = new LinkedHashMap<>();
            nodeNames.forEach(node -> numbers.put(node, network.nextHostNumber()));
            Map<String, String> addresses = new LinkedHashMap<>();
            numbers.forEach((node, n) -> addresses.put(node, network.address(n)));
            Path environment = writeEnvironment(dir.resolve("cloud"), base, addresses, failingServers);
            return new HeatTestCloud(network, new NetnsProvider(network, dir.resolve("hosts")), numbers, environment);
        } catch (Exception e) {
            network.close();
            throw e;
        }
    }

    /** The bridge's address: where the hosts reach caas ([heat] control_plane_address). */
    public String gatewayAddress() {
        return network.gatewayAddress();
    }

    /** For [heat] environment. */
    public Path environment() {
        return environment;
    }

    public String address(String nodeName) {
        return network.address(numbers.get(nodeName));
    }

    /** Boots the servers of the cluster's stack (caas-&lt;clusterId&gt;) as Heat creates them, until close. */
    public synchronized HeatServersOnHosts boot(String clusterId) throws Exception {
        return boot(clusterId, new HeatApi());
    }

    /** The same for a stack in another project than caas's (a tenant's, made through the cluster's trust). */
    public synchronized HeatServersOnHosts boot(String clusterId, HeatApi projectHeat) throws Exception {
        bootedClusters.add(clusterId);
        HeatServersOnHosts servers = new HeatServersOnHosts(projectHeat, "caas-" + clusterId, clusterId, hosts, numbers);
        watchers.add(servers);
        return servers;
    }

    /** What went wrong booting, and each host's bootstrap log: for a failed assertion's message. */
    public String diagnostics(String clusterId) {
        StringBuilder logs = new StringBuilder();
        watchers.forEach(w -> w.problems().forEach(problem -> logs.append("cloud: ").append(problem).append('\n')));
        for (Host host : hosts.hosts(clusterId)) {
            try {
                logs.append("--- ").append(host.name()).append('\n').append(hosts.bootstrapLog(host.name())).append('\n');
            } catch (Exception e) {
                logs.append("--- ").append(host.name()).append(": ").append(e).append('\n');
            }
        }
        return logs.toString();
    }

    /** The cluster's namespace hosts: those the stack's servers booted and Heat has not removed. */
    public List<Host> hosts(String clusterId) {
        return hosts.hosts(clusterId);
    }

    public void deleteHosts(String clusterId) throws Exception {
        hosts.deleteCluster(clusterId);
    }

    /**
     * Stops booting first (a round still booting a server finishes), then stops every host's processes and removes
     * the hosts, then the network: nothing a failed test left keeps running once its namespace is gone.
     */
    @Override
    public synchronized void close() throws Exception {
        try {
            for (HeatServersOnHosts watcher : watchers) {
                watcher.close();
            }
            for (String clusterId : bootedClusters) {
                hosts.deleteCluster(clusterId);
            }
        } finally {
            network.close();
        }
    }

    /** test-cloud/ copied out of the classpath (a directory or this test-jar), with the test's parameter defaults. */
    private static Path writeEnvironment(Path target, String base, Map<String, String> addresses,
                                         List<String> failingServers) throws Exception {
        URI source = HeatTestCloud.class.getResource(TEST_CLOUD + "environment.yaml").toURI();
        String text;
        if ("jar".equals(source.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(source, Map.of())) {
                text = copyFacades(jar.provider().getPath(source).getParent(), target, base);
            }
        } else {
            text = copyFacades(Path.of(source).getParent(), target, base);
        }
        ObjectMapper json = new ObjectMapper();
        Path environment = target.resolve("environment.yaml");
        Files.writeString(environment, text + (text.contains("parameter_defaults:") ? "" : "parameter_defaults:\n")
                + "  facade_addresses: " + json.writeValueAsString(addresses) + "\n"
                + "  facade_failing_servers: " + json.writeValueAsString(failingServers) + "\n");
        return environment;
    }

    /** Copies every file but the environments (the provider sends all files below the environment's directory). */
    private static String copyFacades(Path source, Path target, String base) throws Exception {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!file.getFileName().toString().startsWith("environment")) {
                    Files.copy(file, copy);
                }
            }
        }
        return Files.readString(source.resolve(base));
    }
}
