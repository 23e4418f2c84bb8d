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
 * user data runs there as cloud-init would, with CAAS_HOST_DIR set to the host's directory. A host goes with every
 * process it started: the node agent and the engine by the PIDs in CAAS_HOST_DIR/agent.pid and docker.pid, then any
 * process still naming the host's directory or inside its namespace. Bootstraps and numbers are kept per host (its
 * directory), not per name: a host replacing another of the same name must not take the leaving one's entries.
 */
final class NetnsProvider implements Provider {
    private final TestNetwork network;
    private final Path base;
    private final Map<String, Process> bootstrapsById = new ConcurrentHashMap<>();
    private final Map<String, Integer> numbersById = new ConcurrentHashMap<>();
    private final Map<String, Host> hostsById = new ConcurrentHashMap<>();
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

    /**
     * A host on number {@code n} the caller reserved with {@link TestNetwork#nextHostNumber()}. A host that could
     * not be made leaves nothing behind (its namespace and number free for the next try).
     */
    Host createHost(HostSpec spec, int n) throws ProviderException {
        created.incrementAndGet();
        // a directory per host, not per name: a host replacing another of the same name starts from nothing
        Path dir = base.resolve(spec.name() + "-" + n);
        Host host = null;
        try {
            Files.createDirectories(dir);
            Path userData = Files.writeString(dir.resolve("user-data.sh"), spec.userData());
            String address = network.addHost(n);
            host = new Host(dir.toString(), spec.name(), address);
            numbersById.put(host.id(), n);
            ProcessBuilder builder = new ProcessBuilder(network.enter(n, dir, spec.name(), List.of("bash", userData.toString())));
            builder.environment().put("CAAS_HOST_DIR", dir.toString());
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("bootstrap.log").toFile());
            bootstrapsById.put(host.id(), builder.start());
            hostsById.put(host.id(), host);
            return host;
        } catch (Exception e) {
            ProviderException failure = new ProviderException("host " + spec.name() + " could not be made: " + e.getMessage(), e);
            if (host != null) {
                try {
                    removeHost(spec.clusterId(), host);
                } catch (ProviderException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    /** The newest host called {@code name} (a replacement may briefly share its name with the host it replaces). */
    private Host named(String name) {
        return hostsById.values().stream().filter(host -> host.name().equals(name))
                .max(java.util.Comparator.comparing(host -> numbersById.getOrDefault(host.id(), 0))).orElse(null);
    }

    int hostsCreated() {
        return created.get();
    }

    String bootstrapLog(String name) throws IOException {
        Host host = named(name);
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
        Path dir = Path.of(named(name).id());
        Path pidFile = dir.resolve("docker.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        String[] cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
        ProcessHandle engine = ProcessHandle.of(pid).orElseThrow();
        engine.destroy();
        engine.onExit().get(60, TimeUnit.SECONDS);
        ProcessBuilder builder = new ProcessBuilder(network.enter(numbersById.get(dir.toString()), dir, name, List.of(cmdline)));
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
        Path dir = Path.of(host.id());
        try {
            Process bootstrap = bootstrapsById.remove(host.id());
            if (bootstrap != null) {
                HostProcesses.stop(List.of(bootstrap.pid()));
            }
            // the node agent first, so it cannot restart the engine it would find stopped
            HostProcesses.stopByPidFile(dir.resolve("agent.pid"), dir);
            HostProcesses.stopByPidFile(dir.resolve("docker.pid"), dir);
            // an engine whose pid file is not written yet, a restarted one, containerd and shims
            HostProcesses.stop(HostProcesses.naming(dir));
            Integer n = numbersById.remove(host.id());
            if (n != null) {
                network.removeHost(n);
            }
        } catch (Exception e) {
            throw new ProviderException("host " + host.name() + " did not go away: " + e.getMessage(), e);
        }
        hostsById.remove(host.id());
    }

    @Override
    public HostState state(String clusterId, Host host) {
        Process bootstrap = bootstrapsById.get(host.id());
        if (bootstrap == null) {
            return HostState.GONE;
        }
        return !bootstrap.isAlive() && bootstrap.exitValue() != 0 ? HostState.FAILED : HostState.RUNNING;
    }

    @Override
    public List<Host> hosts(String clusterId) {
        return new ArrayList<>(hostsById.values());
    }

    @Override
    public String controlPlaneAddress(String clusterId) {
        return network.gatewayAddress();
    }

    /** Every host of this provider (it keeps one cluster's); each one is tried, the first failure thrown last. */
    @Override
    public void deleteCluster(String clusterId) throws ProviderException {
        ProviderException failure = null;
        for (Host host : hosts(clusterId)) {
            try {
                removeHost(clusterId, host);
            } catch (ProviderException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
