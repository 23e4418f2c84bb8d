package io.caas.driver.swarmmode;

import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ClusterStacks;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the hosts of planned nodes that have none yet, each with its own rendered user data. Node rows are
 * written from the calling thread only (PENDING before the provider is asked, BOOTING with the host after), so a
 * ClusterJob need not be thread-safe; the provider must accept parallel createHost calls for one cluster.
 */
final class HostLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(HostLauncher.class);
    private static final int MAX_PARALLEL = 8;
    private final ClusterJob job;
    private final SwarmServices services;
    private final UserDataRenderer renderer;
    private final int enginePort;

    HostLauncher(ClusterJob job, SwarmServices services, UserDataRenderer renderer, int enginePort) {
        this.job = job;
        this.services = services;
        this.renderer = renderer;
        this.enginePort = enginePort;
    }

    /** Launches every node of {@code nodes} missing from {@code hosts} and adds the new hosts to it. */
    void launchMissing(List<PlannedNode> nodes, Map<String, Host> hosts) throws SwarmDriverException {
        List<PlannedNode> missing = nodes.stream().filter(node -> !hosts.containsKey(node.name())).toList();
        if (missing.isEmpty()) {
            return;
        }
        String clusterUuid = job.cluster().uuid;
        List<HostSpec> specs = new ArrayList<>();
        for (PlannedNode node : missing) {
            job.updateNode(node.name(), row -> {
                row.role = node.role();
                row.nodegroupId = node.nodegroupId();
                row.state = "PENDING";
                row.message = "host requested from provider " + job.provider().name();
            });
            specs.add(new HostSpec(clusterUuid, node.name(), node.role(), node.image(), node.flavor(),
                    renderer.render(parameters(clusterUuid, node))));
        }
        Optional<ClusterStacks> stacks = ClusterStacks.of(job.provider());
        if (stacks.isPresent()) {
            launchInStack(stacks.get(), missing, specs, hosts);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, specs.size()));
        try {
            List<Future<Host>> created = specs.stream().map(spec -> pool.submit(() -> job.provider().createHost(spec))).toList();
            SwarmDriverException failure = null;
            for (int i = 0; i < missing.size(); i++) {
                PlannedNode node = missing.get(i);
                try {
                    Host host = created.get(i).get();
                    hosts.put(node.name(), host);
                    job.updateNode(node.name(), row -> {
                        row.hostId = host.id();
                        row.address = host.address();
                        if ("PENDING".equals(row.state)) {
                            row.state = "BOOTING";
                            row.message = "host created, bootstrap running";
                        }
                    });
                    LOG.info("host created request={} cluster={} node={} host={} address={}", job.operation().requestId,
                            clusterUuid, node.name(), host.id(), host.address());
                } catch (ExecutionException e) {
                    String reason = e.getCause() instanceof ProviderException ? e.getCause().getMessage() : String.valueOf(e.getCause());
                    job.updateNode(node.name(), row -> {
                        row.state = "FAILED";
                        row.message = "host creation failed: " + reason;
                    });
                    if (failure == null) {
                        failure = new SwarmDriverException("Node " + node.name() + " failed at host creation: " + reason, e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwarmDriverException("Interrupted while creating hosts of cluster " + clusterUuid, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One stack create or update for all of {@code missing}; the stack's id (Magnum's stack_id) and its balancer's
     * address go on record first.
     */
    private void launchInStack(ClusterStacks stacks, List<PlannedNode> missing, List<HostSpec> specs,
                               Map<String, Host> hosts) throws SwarmDriverException {
        String clusterUuid = job.cluster().uuid;
        List<Host> created;
        try {
            created = stacks.addHosts(job.cluster(), job.template(), specs);
            Optional<String> stackId = stacks.stackId(clusterUuid);
            // before any node has an address on record, so every manager's Engine certificate names the balancer
            Optional<String> apiAddress = Objects.requireNonNullElse(job.cluster().masterLbEnabled, job.template().masterLbEnabled)
                    ? Optional.of("tcp://" + job.provider().ensureLoadBalancer(clusterUuid, enginePort, List.of()))
                    : Optional.empty();
            if (stackId.isPresent() || apiAddress.isPresent()) {
                job.updateCluster(row -> {
                    stackId.ifPresent(id -> row.stackId = id);
                    apiAddress.ifPresent(address -> row.apiAddress = address);
                });
            }
        } catch (ProviderException e) {
            recordFailedStack(stacks, clusterUuid);
            missing.forEach(node -> job.updateNode(node.name(), row -> {
                row.state = "FAILED";
                row.message = "host creation failed: " + e.getMessage();
            }));
            throw new SwarmDriverException("Nodes " + missing.stream().map(PlannedNode::name).toList()
                    + " failed at host creation: " + e.getMessage(), e);
        }
        for (Host host : created) {
            hosts.put(host.name(), host);
            job.updateNode(host.name(), row -> {
                row.hostId = host.id();
                row.address = host.address();
                if ("PENDING".equals(row.state)) {
                    row.state = "BOOTING";
                    row.message = "server created by provider " + job.provider().name() + ", bootstrap running";
                }
            });
        }
        LOG.info("stack hosts created request={} cluster={} nodes={}", job.operation().requestId, clusterUuid,
                created.stream().map(Host::name).toList());
    }

    /** A failed stack keeps its id on the cluster (Magnum's stack_id), so an operator can look into it in Heat. */
    private void recordFailedStack(ClusterStacks stacks, String clusterUuid) {
        try {
            stacks.stackId(clusterUuid).ifPresent(id -> job.updateCluster(row -> row.stackId = id));
        } catch (ProviderException e) {
            LOG.warn("stack id unknown request={} cluster={} error=\"{}\"", job.operation().requestId, clusterUuid, e.getMessage());
        }
    }

    private NodeBootstrapParameters parameters(String clusterUuid, PlannedNode node) {
        return new NodeBootstrapParameters(
                services.bootstrap().baseUrl(clusterUuid),
                services.bootstrap().caCertificate(clusterUuid),
                clusterUuid, node.name(), node.role(), node.initializesSwarm(),
                services.bootstrap().issueNodeToken(clusterUuid, node.name()),
                services.pki().rootCertificate(clusterUuid),
                enginePort,
                Map.of(SwarmNode.NAME_LABEL, node.name(), "io.caas.cluster", clusterUuid, "io.caas.role", node.role()));
    }
}
