package io.caas.driver.swarmmode;

import io.caas.core.spi.Catalogue;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for driver tests with the local provider's conventions: each host is a TestNetwork namespace, its
 * user data runs there as cloud-init would, with CAAS_HOST_DIR set to the host's directory; the node agent and the
 * engine stop by the PIDs in CAAS_HOST_DIR/agent.pid and docker.pid.
 */
final class NetnsProvider implements Provider {
    private final TestNetwork network;
    private final Path base;
    private final Map<String, Process> bootstraps = new ConcurrentHashMap<>();
    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();

    NetnsProvider(TestNetwork network, Path base) {
        this.network = network;
        this.base = base;
    }

    @Override
    public String name() {
        return "netns-test";
    }

    @Override
    public Catalogue catalogue() {
        throw new UnsupportedOperationException("the test provider has no catalogue");
    }

    @Override
    public Host createHost(HostSpec spec) throws ProviderException {
        return createHost(spec, network.nextHostNumber());
    }

    /** A host on number {@code n} the caller reserved with {@link TestNetwork#nextHostNumber()}. */
    Host createHost(HostSpec spec, int n) throws ProviderException {
        created.incrementAndGet();
        // a directory per host, not per name: a host replacing another of the same name starts from nothing
        Path dir = base.resolve(spec.name() + "-" + n);
        try {
            Files.createDirectories(dir);
            Path userData = Files.writeString(dir.resolve("user-data.sh"), spec.userData());
            String address = network.addHost(n);
            numbers.put(spec.name(), n);
            ProcessBuilder builder = new ProcessBuilder(network.enter(n, dir, spec.name(), List.of("bash", userData.toString())));
            builder.environment().put("CAAS_HOST_DIR", dir.toString());
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("bootstrap.log").toFile());
            bootstraps.put(spec.name(), builder.start());
            Host host = new Host(dir.toString(), spec.name(), address);
            hosts.put(spec.name(), host);
            return host;
        } catch (Exception e) {
            throw new ProviderException("host " + spec.name() + " could not be made: " + e.getMessage(), e);
        }
    }

    int hostsCreated() {
        return created.get();
    }

    String bootstrapLog(String name) throws IOException {
        Host host = hosts.get(name);
        if (host == null) {
            return "(no such host)";
        }
        Path log = Path.of(host.id()).resolve("bootstrap.log");
        return Files.exists(log) ? Files.readString(log) : "(no bootstrap log)";
    }

    /**
     * Stops a host's engine and starts it again with the arguments it ran with, in the host's namespaces, as a
     * reboot would: swarm state survives in its data root, and with autolock a manager comes back locked.
     */
    void restartEngine(String name) throws Exception {
        Path dir = Path.of(hosts.get(name).id());
        Path pidFile = dir.resolve("docker.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        String[] cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
        ProcessHandle engine = ProcessHandle.of(pid).orElseThrow();
        engine.destroy();
        engine.onExit().get(60, TimeUnit.SECONDS);
        ProcessBuilder builder = new ProcessBuilder(network.enter(numbers.get(name), dir, name, List.of(cmdline)));
        builder.environment().put("CAAS_HOST_DIR", dir.toString());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()));
        builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile) || Files.readString(pidFile).strip().equals(Long.toString(pid))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine of " + name + " did not start again; see " + dir.resolve("dockerd.log"));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void removeHost(String clusterId, Host host) throws ProviderException {
        Process bootstrap = bootstraps.remove(host.name());
        try {
            if (bootstrap != null) {
                bootstrap.destroy();
                if (!bootstrap.waitFor(10, TimeUnit.SECONDS)) {
                    bootstrap.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            // the node agent first, so it cannot restart the engine it would find stopped
            for (String pidFileName : List.of("agent.pid", "docker.pid")) {
                Path pidFile = Path.of(host.id()).resolve(pidFileName);
                if (Files.exists(pidFile)) {
                    var process = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
                    if (process.isPresent()) {
                        process.get().destroy();
                        process.get().onExit().get(30, TimeUnit.SECONDS);
                    }
                }
            }
            Integer n = numbers.remove(host.name());
            if (n != null) {
                network.removeHost(n);
            }
        } catch (Exception e) {
            throw new ProviderException("host " + host.name() + " did not go away: " + e.getMessage(), e);
        }
        hosts.remove(host.name());
    }

    @Override
    public HostState state(String clusterId, Host host) {
        Process bootstrap = bootstraps.get(host.name());
        if (bootstrap == null) {
            return HostState.GONE;
        }
        return !bootstrap.isAlive() && bootstrap.exitValue() != 0 ? HostState.FAILED : HostState.RUNNING;
    }

    @Override
    public List<Host> hosts(String clusterId) {
        return new ArrayList<>(hosts.values());
    }

    @Override
    public String controlPlaneAddress(String clusterId) {
        return TestNetwork.gateway();
    }

    @Override
    public void deleteCluster(String clusterId) throws ProviderException {
        for (Host host : hosts(clusterId)) {
            removeHost(clusterId, host);
        }
    }
}
