package io.caas.conductor.provider.local;

import io.caas.core.spi.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel side of a local cluster: one bridge per cluster in the machine's namespace (.1 for caas, .2 for the
 * load balancer) and, per host, a network namespace joined to it by a veth pair. Hosts get no default route on
 * purpose: they reach their cluster's /24 and nothing else.
 */
final class HostNetwork {
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Pattern BENCHMARK_SUBNET = Pattern.compile("inet (198\\.1[89]\\.\\d{1,3})\\.\\d{1,3}/");

    /** The 198.18.0.0/15 /24s that some interface of this machine already uses (another tool, a test bed). */
    Set<String> subnetsInUse() throws ProviderException {
        Set<String> used = new HashSet<>();
        Matcher matcher = BENCHMARK_SUBNET.matcher(Commands.run(List.of("ip", "-4", "-o", "addr", "show")));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        return used;
    }

    synchronized void ensureBridge(ClusterRecord cluster) throws ProviderException {
        String bridge = cluster.bridge();
        if (!linkExists(bridge)) {
            try {
                Commands.run(List.of("ip", "link", "add", "name", bridge, "type", "bridge"));
            } catch (ProviderException e) {
                if (!linkExists(bridge)) { // another conductor on this machine may just have made it
                    throw e;
                }
            }
        }
        Commands.run(List.of("ip", "addr", "replace", cluster.gatewayAddress() + "/24", "dev", bridge));
        Commands.run(List.of("ip", "addr", "replace", cluster.loadBalancerAddress() + "/32", "dev", bridge));
        Commands.run(List.of("ip", "link", "set", bridge, "up"));
    }

    void deleteBridge(ClusterRecord cluster) throws ProviderException {
        if (linkExists(cluster.bridge())) {
            Commands.run(List.of("ip", "link", "del", cluster.bridge()));
        }
    }

    void createHostNetwork(ClusterRecord cluster, HostRecord host) throws ProviderException {
        String netns = host.netns();
        Commands.run(List.of("ip", "netns", "add", netns));
        Commands.run(List.of("ip", "link", "add", host.veth(), "type", "veth", "peer", "name", "eth0", "netns", netns));
        Commands.run(List.of("ip", "link", "set", host.veth(), "master", cluster.bridge(), "up"));
        Commands.run(List.of("ip", "-n", netns, "link", "set", "lo", "up"));
        Commands.run(List.of("ip", "-n", netns, "addr", "add", host.address() + "/24", "dev", "eth0"));
        Commands.run(List.of("ip", "-n", netns, "link", "set", "eth0", "up"));
    }

    /** Deleting the namespace destroys the veth pair too, once no process holds the namespace any more. */
    void deleteHostNetwork(HostRecord host) throws ProviderException {
        if (Files.exists(netnsFile(host))) {
            Commands.run(List.of("ip", "netns", "del", host.netns()));
        }
        if (linkExists(host.veth())) {
            try {
                Commands.run(List.of("ip", "link", "del", host.veth()));
            } catch (ProviderException e) {
                // the kernel frees a deleted namespace's veth asynchronously: gone meanwhile is what we wanted
                if (linkExists(host.veth())) {
                    throw e;
                }
            }
        }
    }

    static Path netnsFile(HostRecord host) {
        return NETNS_DIR.resolve(host.netns());
    }

    boolean linkExists(String name) throws ProviderException {
        return Commands.succeeds(List.of("ip", "link", "show", "dev", name));
    }
}
