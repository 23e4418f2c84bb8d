package io.caas.conductor;

import io.caas.core.spi.Catalogue;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.HostState;
import io.caas.core.spi.Provider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider that holds no hosts and records cluster deletions: enough for the conductor's own logic. */
final class TestProvider implements Provider {
    final List<String> deletedClusters = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Catalogue catalogue() {
        throw new UnsupportedOperationException("not needed by conductor tests");
    }

    @Override
    public Host createHost(HostSpec spec) {
        throw new UnsupportedOperationException("not needed by conductor tests");
    }

    @Override
    public void removeHost(String clusterId, Host host) {
        throw new UnsupportedOperationException("not needed by conductor tests");
    }

    @Override
    public HostState state(String clusterId, Host host) {
        return HostState.GONE;
    }

    @Override
    public List<Host> hosts(String clusterId) {
        return List.of();
    }

    @Override
    public String controlPlaneAddress(String clusterId) {
        return "127.0.0.1";
    }

    @Override
    public void deleteCluster(String clusterId) {
        deletedClusters.add(clusterId);
    }
}
