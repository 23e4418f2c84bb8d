package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.ClusterStacks;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The namespace hosts of {@link NetnsProvider} behind the stack capability, as the heat provider offers it: hosts
 * only come in batches through {@link #addHosts}, which records each batch's node names; createHost refuses.
 */
final class StackedNetnsProvider implements Provider, ClusterStacks {
    private final NetnsProvider hosts;
    final List<List<String>> batches = new ArrayList<>();

    StackedNetnsProvider(NetnsProvider hosts) {
        this.hosts = hosts;
    }

    @Override
    public List<Host> addHosts(Cluster cluster, ClusterTemplate template, List<HostSpec> specs) throws ProviderException {
        batches.add(specs.stream().map(HostSpec::name).toList());
        List<Host> created = new ArrayList<>();
        for (HostSpec spec : specs) {
            created.add(hosts.createHost(spec));
        }
        return created;
    }

    /** A made-up id, once the first batch made the "stack". */
    @Override
    public Optional<String> stackId(String clusterId) {
        return batches.isEmpty() ? Optional.empty() : Optional.of("stack-of-" + clusterId);
    }

    @Override
    public Host createHost(HostSpec spec) throws ProviderException {
        throw new ProviderException("a stack provider creates hosts through addHosts only");
    }

    @Override
    public String name() {
        return "stacked-netns-test";
    }

    @Override
    public Catalogue catalogue() {
        return hosts.catalogue();
    }

    @Override
    public void removeHost(String clusterId, Host host) throws ProviderException {
        hosts.removeHost(clusterId, host);
    }

    @Override
    public HostState state(String clusterId, Host host) {
        return hosts.state(clusterId, host);
    }

    @Override
    public List<Host> hosts(String clusterId) {
        return hosts.hosts(clusterId);
    }

    @Override
    public String controlPlaneAddress(String clusterId) {
        return hosts.controlPlaneAddress(clusterId);
    }

    @Override
    public void deleteCluster(String clusterId) throws ProviderException {
        hosts.deleteCluster(clusterId);
    }
}
