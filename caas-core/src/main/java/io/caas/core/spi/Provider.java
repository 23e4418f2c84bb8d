package io.caas.core.spi;

import java.util.List;

/**
 * A cloud behind one narrow host interface, as Docker Machine drivers and jclouds do: create, remove, state,
 * address. Everything a COE needs beyond hosts (a load balancer in front of the managers) is optional.
 */
public interface Provider {
    /** The name in [providers] enabled and in a cluster's provider column: local, heat, aws, azure. */
    String name();

    Catalogue catalogue();

    Host createHost(HostSpec spec) throws ProviderException;

    void removeHost(String clusterId, Host host) throws ProviderException;

    HostState state(String clusterId, Host host) throws ProviderException;

    /** The hosts this provider still holds for a cluster; how a conductor finds what a dead one left behind. */
    List<Host> hosts(String clusterId) throws ProviderException;

    /**
     * Puts a TCP load balancer in front of {@code backends} (host:port each) and returns its address:port, or
     * replaces its backends when it exists. Providers without one throw {@link UnsupportedOperationException}.
     */
    default String ensureLoadBalancer(String clusterId, int port, List<String> backends) throws ProviderException {
        throw new UnsupportedOperationException(name() + " provider has no load balancer");
    }

    /**
     * The address this cluster's hosts reach caas at (its API for bootstrap calls, its external CA). For the local
     * provider that is the cluster bridge's own address; for a cloud, the controllers' public address.
     */
    String controlPlaneAddress(String clusterId) throws ProviderException;

    /** Removes every trace of the cluster on this provider: hosts, networks, load balancers, state. */
    void deleteCluster(String clusterId) throws ProviderException;
}
