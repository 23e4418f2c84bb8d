package io.caas.conductor.provider.local;

import freemarker.template.Configuration;
import io.caas.core.config.CaasConfig;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider: every host is a real dockerd on this machine in its own network namespace, every
 * cluster a bridge with its own /24 in 198.18.0.0/15 (RFC 2544's benchmark range, never routed). The bridge's .1
 * is this machine, where nodes reach caas's API and external-CA endpoint (caas must listen there or on 0.0.0.0);
 * .2 is the cluster's load balancer; hosts are .11 to .254.
 *
 * <p>A host's bootstrap ({@link HostSpec#userData()}) runs like cloud-init's user_data, inside the host's
 * namespaces, with this environment and nothing else from caas's own: CAAS_HOST_DIR (the host's private, persistent
 * directory; its /etc/docker is bound to CAAS_HOST_DIR/etc-docker), CAAS_HOST_NAME, CAAS_HOST_ADDRESS, CAAS_HOST_ROLE
 * and CAAS_GATEWAY_ADDRESS (the bridge's .1). Its output goes to CAAS_HOST_DIR/bootstrap.log. A host is RUNNING
 * while a dockerd runs in it.
 */
public final class LocalProvider implements Provider {
    static final int MAX_STATE_DIR_LENGTH = 32;
    private static final int MAX_PARALLEL_TEARDOWNS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(LocalProvider.class);
    static final String DEFAULT_STATE_DIR = "/var/lib/caas/local";
    private static final String RESOURCES = "/io/caas/conductor/provider/local/";
    private static final List<String> REQUIRED_TOOLS = List.of("ip", "nsenter", "unshare", "setsid", "mount", "umount",
            "haproxy", "dockerd");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final LocalState state;
    private final HostNetwork network = new HostNetwork();
    private final Catalogue catalogue = new LocalCatalogue();
    private final Path enterHostScript;
    private final Configuration templates;

    private LocalProvider(LocalState state, Path enterHostScript, Configuration templates) {
        this.state = state;
        this.enterHostScript = enterHostScript;
        this.templates = templates;
    }

    /** The provider over {@code [providers] local_state_dir}; fails with what to do when this machine can't run it. */
    public static LocalProvider open(CaasConfig config) throws ProviderException {
        requireRoot(effectiveUid());
        requireTools();
        Path root = Path.of(config.get("providers", "local_state_dir", DEFAULT_STATE_DIR)).toAbsolutePath().normalize();
        requireShortStateDir(root);
        LocalState state = new LocalState(root);
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            Path script = root.resolve("bin").resolve("enter-host.sh");
            Files.createDirectories(script.getParent());
            try (InputStream in = LocalProvider.class.getResourceAsStream(RESOURCES + "enter-host.sh")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Configuration templates = new Configuration(Configuration.VERSION_2_3_34);
            templates.setClassForTemplateLoading(LocalProvider.class, RESOURCES);
            templates.setDefaultEncoding("UTF-8");
            LOG.info("event=local_provider_ready state_dir={}", root);
            return new LocalProvider(state, script, templates);
        } catch (IOException e) {
            throw new ProviderException("Cannot prepare the local provider in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Each host's dockerd and containerd put unix sockets some 70 bytes below the state directory, and a socket
     * path has at most 107; past that containerd times out at start with no word about the path.
     */
    static void requireShortStateDir(Path root) throws ProviderException {
        if (root.toString().length() > MAX_STATE_DIR_LENGTH) {
            throw new ProviderException("[providers] local_state_dir " + root + " is " + root.toString().length()
                    + " characters; the local provider needs at most " + MAX_STATE_DIR_LENGTH
                    + " (its hosts' unix sockets live below it), e.g. /var/lib/caas/local");
        }
    }

    static void requireRoot(long effectiveUid) throws ProviderException {
        if (effectiveUid != 0) {
            throw new ProviderException("The local provider needs root: run caas as root or use another provider"
                    + " (it creates network namespaces, bridges and one dockerd per host)");
        }
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Catalogue catalogue() {
        return catalogue;
    }

    @Override
    public Host createHost(HostSpec spec) throws ProviderException {
        String clusterId = LocalNames.requireClusterId(spec.clusterId());
        String name = LocalNames.requireHostName(spec.name());
        if (spec.userData() == null || spec.userData().isBlank()) {
            throw new ProviderException("Host " + name + " has no bootstrap (user data): nothing would start on it");
        }
        if (spec.image() != null && catalogue.findImage(spec.image()).isEmpty()) {
            throw new ProviderException("Image '" + spec.image() + "' is not offered by the local provider; use "
                    + LocalCatalogue.IMAGE_NAME);
        }
        if (spec.flavor() != null && catalogue.findFlavor(spec.flavor()).isEmpty()) {
            throw new ProviderException("Flavor '" + spec.flavor() + "' is not offered by the local provider; use one of "
                    + catalogue.flavors().stream().map(Catalogue.Flavor::name).toList());
        }
        ClusterRecord cluster = state.ensureCluster(clusterId, network.subnetsInUse());
        network.ensureBridge(cluster);
        HostRecord allocated = state.allocateHost(cluster, name, spec.role(), spec.image(), spec.flavor());
        HostRecord host;
        try {
            host = start(cluster, allocated, spec.userData());
        } catch (IOException | ProviderException e) {
            ProviderException failure = e instanceof ProviderException pe ? pe
                    : new ProviderException("Cannot prepare host " + name + ": " + e.getMessage(), e);
            try {
                teardown(cluster, allocated);
            } catch (ProviderException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        LOG.info("event=host_created cluster={} host={} name={} address={}", clusterId, host.id(), name, host.address());
        return host.toHost();
    }

    @Override
    public void removeHost(String clusterId, Host host) throws ProviderException {
        Optional<ClusterRecord> cluster = state.findCluster(LocalNames.requireClusterId(clusterId));
        if (cluster.isEmpty()) {
            return;
        }
        Optional<HostRecord> record = state.findHost(cluster.get(), host.id());
        if (record.isPresent()) {
            teardown(cluster.get(), record.get());
            LOG.info("event=host_removed cluster={} host={} name={}", clusterId, host.id(), record.get().name());
        }
    }

    @Override
    public HostState state(String clusterId, Host host) throws ProviderException {
        Optional<ClusterRecord> cluster = state.findCluster(LocalNames.requireClusterId(clusterId));
        Optional<HostRecord> record = cluster.isEmpty() ? Optional.empty() : state.findHost(cluster.get(), host.id());
        if (record.isEmpty()) {
            return HostState.GONE;
        }
        Path hostDir = state.hostDir(cluster.get(), record.get());
        if (!Files.isDirectory(hostDir) || !Files.exists(HostNetwork.netnsFile(record.get()))) {
            return HostState.GONE;
        }
        Map<Long, HostProcesses.ProcessInfo> own = processesOf(cluster.get(), record.get());
        if (own.values().stream().anyMatch(process -> process.command().equals("dockerd"))) {
            return HostState.RUNNING;
        }
        Path exit = hostDir.resolve("bootstrap.exit");
        if (!Files.exists(exit)) {
            return own.isEmpty() ? HostState.FAILED : HostState.CREATING;
        }
        try {
            return Files.readString(exit).strip().equals("0") ? HostState.STOPPED : HostState.FAILED;
        } catch (IOException e) {
            throw new ProviderException("Cannot read " + exit + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Host> hosts(String clusterId) throws ProviderException {
        Optional<ClusterRecord> cluster = state.findCluster(LocalNames.requireClusterId(clusterId));
        if (cluster.isEmpty()) {
            return List.of();
        }
        return state.hosts(cluster.get()).stream().map(HostRecord::toHost).toList();
    }

    @Override
    public String ensureLoadBalancer(String clusterId, int port, List<String> backends) throws ProviderException {
        HaproxyLoadBalancer.validate(port, backends);
        ClusterRecord cluster = state.ensureCluster(LocalNames.requireClusterId(clusterId), network.subnetsInUse());
        network.ensureBridge(cluster);
        return loadBalancer(cluster).ensure(port, backends);
    }

    @Override
    public String controlPlaneAddress(String clusterId) throws ProviderException {
        ClusterRecord cluster = state.ensureCluster(LocalNames.requireClusterId(clusterId), network.subnetsInUse());
        network.ensureBridge(cluster);
        return cluster.gatewayAddress();
    }

    @Override
    public void deleteCluster(String clusterId) throws ProviderException {
        Optional<ClusterRecord> found = state.findCluster(LocalNames.requireClusterId(clusterId));
        if (found.isEmpty()) {
            return;
        }
        ClusterRecord cluster = found.get();
        teardownAll(cluster, state.hosts(cluster));
        loadBalancer(cluster).stop();
        network.deleteBridge(cluster);
        Path clusterDir = state.clusterDir(cluster);
        HostMounts.unmountBelow(clusterDir);
        Commands.run(List.of("rm", "-rf", "--one-file-system", "--", clusterDir.toString()));
        if (network.linkExists(cluster.bridge()) || Files.exists(clusterDir)) {
            throw new ProviderException("Cluster " + clusterId + " left bridge " + cluster.bridge() + " or directory "
                    + clusterDir + " behind; remove them by hand");
        }
        LOG.info("event=cluster_deleted cluster={} bridge={} subnet={}.0/24", clusterId, cluster.bridge(), cluster.subnet());
    }

    /** What is left of a host on this machine: processes, mounts, namespace, veth, directory. Empty when nothing. */
    List<String> remainsOf(ClusterRecord cluster, HostRecord host) throws ProviderException {
        List<String> remains = new ArrayList<>();
        Path hostDir = state.hostDir(cluster, host);
        Set<Long> processes = processesOf(cluster, host).keySet();
        if (!processes.isEmpty()) {
            remains.add("processes " + processes);
        }
        List<String> mounts = HostMounts.below(hostDir);
        if (!mounts.isEmpty()) {
            remains.add("mounts " + mounts);
        }
        if (Files.exists(HostNetwork.netnsFile(host))) {
            remains.add("network namespace " + host.netns());
        }
        if (network.linkExists(host.veth())) {
            remains.add("veth " + host.veth());
        }
        if (Files.exists(hostDir)) {
            remains.add("directory " + hostDir);
        }
        return remains;
    }

    LocalState localState() {
        return state;
    }

    HaproxyLoadBalancer loadBalancer(ClusterRecord cluster) {
        return new HaproxyLoadBalancer(cluster, state.loadBalancerDir(cluster), templates);
    }

    Map<Long, HostProcesses.ProcessInfo> processesOf(ClusterRecord cluster, HostRecord host) {
        Path hostDir = state.hostDir(cluster, host);
        String netNamespace = host.netNamespace() != null ? host.netNamespace()
                : HostProcesses.netNamespaceOfFile(HostNetwork.netnsFile(host)).orElse(null);
        return HostProcesses.find(netNamespace, hostDir, pidFilePids(hostDir));
    }

    /** Hosts stop independently and a dockerd may take seconds to stop: tear them all down at once. */
    private void teardownAll(ClusterRecord cluster, List<HostRecord> hosts) throws ProviderException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(hosts.size(), MAX_PARALLEL_TEARDOWNS)));
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (HostRecord host : hosts) {
                pending.add(pool.submit(() -> {
                    teardown(cluster, host);
                    return null;
                }));
            }
            ProviderException failure = null;
            for (Future<?> each : pending) {
                try {
                    each.get();
                } catch (ExecutionException e) {
                    ProviderException cause = e.getCause() instanceof ProviderException pe ? pe
                            : new ProviderException("Host teardown failed: " + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while removing the hosts of cluster " + cluster.clusterId(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void teardown(ClusterRecord cluster, HostRecord host) throws ProviderException {
        Path hostDir = state.hostDir(cluster, host);
        ProcessTerminator.terminate("host " + host.name(), () -> processesOf(cluster, host).keySet());
        HostMounts.unmountBelow(hostDir);
        network.deleteHostNetwork(host);
        Commands.run(List.of("rm", "-rf", "--one-file-system", "--", hostDir.toString()));
        List<String> remains = remainsOf(cluster, host);
        if (!remains.isEmpty()) {
            throw new ProviderException("Removing host " + host.name() + " left " + String.join(", ", remains)
                    + " behind; retry the removal");
        }
    }

    /** Gives an allocated host its directory and network, then starts its bootstrap. */
    private HostRecord start(ClusterRecord cluster, HostRecord allocated, String userData)
            throws IOException, ProviderException {
        Path hostDir = state.hostDir(cluster, allocated);
        Files.createDirectories(hostDir.resolve("etc-docker"));
        Path bootstrap = hostDir.resolve("user-data.sh");
        Files.writeString(bootstrap, userData);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rw-------"));
        network.createHostNetwork(cluster, allocated);
        String netNamespace = HostProcesses.netNamespaceOfFile(HostNetwork.netnsFile(allocated)).orElseThrow(() ->
                new ProviderException("Network namespace " + allocated.netns() + " vanished right after creation"));
        HostRecord host = allocated.withNetNamespace(netNamespace);
        state.saveHost(cluster, host);
        launch(cluster, host, hostDir, bootstrap);
        return host;
    }

    private void launch(ClusterRecord cluster, HostRecord host, Path hostDir, Path bootstrap) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/bash", enterHostScript.toString(),
                HostNetwork.netnsFile(host).toString(), hostDir.toString(), host.name(), bootstrap.toString());
        // caas's own environment (database and broker passwords) must not reach the host
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.put("HOME", hostDir.toString());
        environment.put(HostProcesses.MARKER_VARIABLE, hostDir.toString());
        environment.put("CAAS_HOST_NAME", host.name());
        environment.put("CAAS_HOST_ADDRESS", host.address());
        environment.put("CAAS_HOST_ROLE", host.role() == null ? "" : host.role());
        environment.put("CAAS_GATEWAY_ADDRESS", cluster.gatewayAddress());
        File log = hostDir.resolve("bootstrap.log").toFile();
        Process process = builder.directory(hostDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectErrorStream(true)
                .start();
        Files.writeString(hostDir.resolve("bootstrap.pid"), process.pid() + "\n");
    }

    private static List<Long> pidFilePids(Path hostDir) {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(hostDir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(hostDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                try {
                    pids.add(Long.parseLong(Files.readString(file).strip()));
                } catch (IOException | NumberFormatException e) {
                    LOG.debug("event=pid_file_unreadable file={}", file);
                }
            }
        } catch (IOException e) {
            LOG.warn("event=pid_files_unlistable dir={} error={}", hostDir, e.getMessage());
        }
        return pids;
    }

    private static long effectiveUid() throws ProviderException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("Cannot tell whether caas runs as root (/proc/self/status): " + e.getMessage(), e);
        }
        throw new ProviderException("Cannot tell whether caas runs as root: /proc/self/status has no Uid line");
    }

    private static void requireTools() throws ProviderException {
        Set<String> missing = new HashSet<>();
        for (String tool : REQUIRED_TOOLS) {
            boolean found = Stream.of(PATH.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new ProviderException("The local provider needs " + missing + " on this machine: run"
                    + " scripts/install-local-provider-deps.sh as root");
        }
    }
}
