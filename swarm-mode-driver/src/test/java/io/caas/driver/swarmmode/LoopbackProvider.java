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

/**
 * A one-host provider on 127.0.0.1 for driver tests: it runs a host's user data as cloud-init would, with
 * HOST_DIR set and a private /etc/docker (own mount namespace), and no network namespace, so only one host at a
 * time (swarm's ports are fixed). The real local provider gives each host its own netns and address.
 */
final class LoopbackProvider implements Provider {
    private final Path base;
    private final Map<String, Process> bootstraps = new ConcurrentHashMap<>();
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    LoopbackProvider(Path base) {
        this.base = base;
    }

    @Override
    public String name() {
        return "loopback";
    }

    @Override
    public Catalogue catalogue() {
        throw new UnsupportedOperationException("the loopback test provider has no catalogue");
    }

    @Override
    public Host createHost(HostSpec spec) throws ProviderException {
        if (!hosts.isEmpty()) {
            throw new ProviderException("loopback provider holds one host only; " + spec.name() + " refused");
        }
        Path dir = base.resolve(spec.name());
        try {
            Files.createDirectories(dir.resolve("etc-docker"));
            Path userData = Files.writeString(dir.resolve("user-data.sh"), spec.userData());
            ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$1\" /etc/docker && exec bash \"$2\"", "sh", dir.resolve("etc-docker").toString(),
                    userData.toString());
            builder.environment().put("HOST_DIR", dir.toString());
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("bootstrap.log").toFile());
            bootstraps.put(spec.name(), builder.start());
        } catch (IOException e) {
            throw new ProviderException("host " + spec.name() + " could not start its user data: " + e.getMessage(), e);
        }
        Host host = new Host(dir.toString(), spec.name(), "127.0.0.1");
        hosts.put(spec.name(), host);
        return host;
    }

    String bootstrapLog(String name) throws IOException {
        return Files.readString(base.resolve(name).resolve("bootstrap.log"));
    }

    @Override
    public void removeHost(String clusterId, Host host) {
        Process bootstrap = bootstraps.remove(host.name());
        if (bootstrap != null) {
            bootstrap.destroy();
        }
        Path pidFile = Path.of(host.id()).resolve("docker.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                var engine = ProcessHandle.of(pid);
                if (engine.isPresent()) {
                    engine.get().destroy();
                    engine.get().onExit().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("dockerd of " + host.name() + " did not stop: " + e.getMessage(), e);
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
    public void deleteCluster(String clusterId) {
        hosts(clusterId).forEach(host -> removeHost(clusterId, host));
    }
}
