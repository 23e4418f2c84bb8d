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
 * user data runs there as cloud-init would, with CAAS_HOST_DIR set to the host's directory; the engine stops by the PID
 * in CAAS_HOST_DIR/docker.pid.
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
        Path dir = base.resolve(spec.name());
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
        Path log = base.resolve(name).resolve("bootstrap.log");
        return Files.exists(log) ? Files.readString(log) : "(no bootstrap log)";
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
            Path pidFile = Path.of(host.id()).resolve("docker.pid");
            if (Files.exists(pidFile)) {
                var engine = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
                if (engine.isPresent()) {
                    engine.get().destroy();
                    engine.get().onExit().get(30, TimeUnit.SECONDS);
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
