package io.caas.conductor.provider.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's TCP load balancer: one HAProxy in the machine's namespace, bound to the bridge's .2 address, one
 * listener per port. Every change renders the whole configuration, has {@code haproxy -c} check it, and starts a
 * new HAProxy that takes over from the old one ({@code -sf}), so established connections are not cut.
 */
final class HaproxyLoadBalancer {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyLoadBalancer.class);
    private static final Pattern BACKEND = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d):\\d{1,5}");
    private static final String TEMPLATE = "haproxy-lb.cfg.ftl";

    private final ClusterRecord cluster;
    private final Path dir;
    private final Configuration templates;
    private final ObjectMapper json = new ObjectMapper();

    HaproxyLoadBalancer(ClusterRecord cluster, Path dir, Configuration templates) {
        this.cluster = cluster;
        this.dir = dir;
        this.templates = templates;
    }

    /** Sets the backends of {@code port} and returns the address:port clients use. */
    String ensure(int port, List<String> backends) throws ProviderException {
        validate(port, backends);
        Map<Integer, List<String>> listeners = new TreeMap<>(readListeners());
        listeners.put(port, List.copyOf(backends));
        Path config = dir.resolve("haproxy.cfg");
        Path candidate = dir.resolve("haproxy.cfg.new");
        write(candidate, render(listeners));
        Commands.run(List.of("haproxy", "-c", "-q", "-f", candidate.toString()));
        try {
            Files.move(candidate, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            json.writeValue(dir.resolve("listeners.json").toFile(), listeners);
        } catch (IOException e) {
            throw new ProviderException("Cannot save the load balancer configuration in " + dir + ": " + e.getMessage(), e);
        }
        start(config);
        LOG.info("event=load_balancer_ready cluster={} address={}:{} backends={}", cluster.clusterId(),
                cluster.loadBalancerAddress(), port, backends);
        return cluster.loadBalancerAddress() + ":" + port;
    }

    /** Refuses anything but a port number and IPv4-address:port backends, before it can reach the configuration. */
    static void validate(int port, List<String> backends) throws ProviderException {
        if (port < 1 || port > 65535) {
            throw new ProviderException("Load balancer port " + port + " is not between 1 and 65535");
        }
        for (String backend : backends) {
            if (!BACKEND.matcher(backend).matches()
                    || Integer.parseInt(backend.substring(backend.indexOf(':') + 1)) > 65535) {
                throw new ProviderException("Load balancer backend '" + backend + "' is not IPv4-address:port");
            }
        }
    }

    Set<Long> processes() {
        String configPath = dir.resolve("haproxy.cfg").toString();
        Set<Long> found = new HashSet<>();
        for (HostProcesses.ProcessInfo process : HostProcesses.snapshot().values()) {
            if (process.command().equals("haproxy") && arguments(process.pid()).contains(configPath)) {
                found.add(process.pid());
            }
        }
        return found;
    }

    void stop() throws ProviderException {
        ProcessTerminator.terminate("load balancer of cluster " + cluster.clusterId(), this::processes);
    }

    private void start(Path config) throws ProviderException {
        List<String> command = new ArrayList<>(List.of("haproxy", "-D", "-f", config.toString(),
                "-p", dir.resolve("haproxy.pid").toString()));
        Set<Long> previous = processes();
        if (!previous.isEmpty()) {
            command.add("-sf");
            previous.forEach(pid -> command.add(Long.toString(pid)));
        }
        Commands.run(command);
    }

    private String render(Map<Integer, List<String>> listeners) throws ProviderException {
        List<Map<String, Object>> model = new ArrayList<>();
        listeners.forEach((port, backends) -> model.add(Map.of("port", port, "backends", backends)));
        try {
            Template template = templates.getTemplate(TEMPLATE);
            StringWriter out = new StringWriter();
            template.process(Map.of("clusterId", cluster.clusterId(), "bindAddress", cluster.loadBalancerAddress(),
                    "listeners", model), out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new ProviderException("Cannot render the load balancer configuration: " + e.getMessage(), e);
        }
    }

    private Map<Integer, List<String>> readListeners() throws ProviderException {
        Path file = dir.resolve("listeners.json");
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return json.readValue(file.toFile(), new TypeReference<Map<Integer, List<String>>>() { });
        } catch (IOException e) {
            throw new ProviderException("Cannot read " + file + ": " + e.getMessage() + "; delete it and ensure the"
                    + " load balancer again", e);
        }
    }

    private static void write(Path file, String text) throws ProviderException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProviderException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> arguments(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
