package io.caas.driver.swarmmode;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ClusterView;
import io.caas.core.spi.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The ClusterJob contract held in memory, for driving the driver without a conductor: rows live in maps, and the
 * node rows are shared with {@link FakeCaas} (which writes progress into them the way caas-api will), hence the
 * synchronisation. It is the health check's ClusterView as well.
 */
final class InMemoryClusterJob implements ClusterJob, ClusterView {
    final Cluster cluster;
    final ClusterTemplate template;
    final List<NodeGroup> nodegroups;
    final List<String> events = new ArrayList<>();
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Provider provider;
    private final Map<Class<?>, Object> services;
    final ClusterOperation operation = new ClusterOperation();
    private final BooleanSupplier timedOut;

    InMemoryClusterJob(Cluster cluster, ClusterTemplate template, List<NodeGroup> nodegroups, Provider provider,
                       Map<Class<?>, Object> services, BooleanSupplier timedOut) {
        this.cluster = cluster;
        this.template = template;
        this.nodegroups = nodegroups;
        this.provider = provider;
        this.services = services;
        this.timedOut = timedOut;
        operation.action = "create";
    }

    @Override
    public ClusterOperation operation() {
        return operation;
    }

    @Override
    public synchronized Cluster cluster() {
        return cluster;
    }

    @Override
    public ClusterTemplate template() {
        return template;
    }

    @Override
    public java.util.Optional<ClusterTemplate> template(String uuid) {
        return java.util.Optional.ofNullable(template).filter(t -> uuid.equals(t.uuid));
    }

    @Override
    public List<NodeGroup> nodegroups() {
        return nodegroups;
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public synchronized Cluster updateCluster(Consumer<Cluster> change) {
        change.accept(cluster);
        return cluster;
    }

    @Override
    public synchronized List<ClusterNode> nodes() {
        return nodes.values().stream().map(InMemoryClusterJob::copy).toList();
    }

    @Override
    public synchronized ClusterNode updateNode(String nodeName, Consumer<ClusterNode> change) {
        ClusterNode node = nodes.computeIfAbsent(nodeName, name -> {
            ClusterNode fresh = new ClusterNode();
            fresh.uuid = UUID.randomUUID().toString();
            fresh.clusterId = cluster.uuid;
            fresh.name = name;
            fresh.createdAt = java.time.Instant.now();
            return fresh;
        });
        change.accept(node);
        return copy(node);
    }

    @Override
    public synchronized void removeNode(String nodeName) {
        nodes.remove(nodeName);
    }

    @Override
    public <T> T service(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("No " + type.getSimpleName() + " wired");
        }
        return type.cast(service);
    }

    @Override
    public synchronized void event(String kind, String message) {
        events.add(kind + ": " + message);
    }

    @Override
    public boolean shouldStop() {
        return timedOut.getAsBoolean();
    }

    private static ClusterNode copy(ClusterNode node) {
        ClusterNode copy = new ClusterNode();
        copy.id = node.id;
        copy.uuid = node.uuid;
        copy.clusterId = node.clusterId;
        copy.nodegroupId = node.nodegroupId;
        copy.name = node.name;
        copy.role = node.role;
        copy.hostId = node.hostId;
        copy.address = node.address;
        copy.state = node.state;
        copy.message = node.message;
        copy.swarmNodeId = node.swarmNodeId;
        copy.healthStatus = node.healthStatus;
        copy.healthReason = node.healthReason;
        copy.unhealthySince = node.unhealthySince;
        copy.createdAt = node.createdAt;
        return copy;
    }
}
