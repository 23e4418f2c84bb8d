package io.caas.core.spi;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import java.util.List;

/**
 * What a provider offers when it builds a cluster as one orchestration stack (OpenStack Heat) rather than host by
 * host: all of a cluster's servers, its network and its load balancer live in that stack, so adding hosts one
 * createHost call at a time would cost one stack update each. A driver that sees a provider implementing this asks
 * for all missing hosts at once; {@link Provider#removeHost} still takes one host out (after the driver drained it),
 * {@link Provider#deleteCluster} deletes the stack, and {@link Provider#ensureLoadBalancer} answers the stack's
 * own load balancer.
 */
public interface ClusterStacks {
    /**
     * Adds {@code specs} to the cluster's stack in one create (when it has none yet) or one update, keeping every
     * host it holds, and returns once the stack is complete. The cluster and its template give the stack's
     * shape (network, flavors, labels, load balancer, create_timeout). Throws with the failing resource and
     * Heat's reason when the stack fails.
     */
    List<Host> addHosts(Cluster cluster, ClusterTemplate template, List<HostSpec> specs) throws ProviderException;

    /**
     * The id the orchestration service gave the cluster's stack (Magnum's {@code stack_id}), also when the stack
     * failed; empty when the cluster has no stack. Answered from what the provider saw last, so asking right after
     * {@link #addHosts} costs no call.
     */
    java.util.Optional<String> stackId(String clusterId) throws ProviderException;

    /** The provider's stack capability, when it has one. */
    static java.util.Optional<ClusterStacks> of(Provider provider) {
        return provider instanceof ClusterStacks stacks ? java.util.Optional.of(stacks) : java.util.Optional.empty();
    }
}
