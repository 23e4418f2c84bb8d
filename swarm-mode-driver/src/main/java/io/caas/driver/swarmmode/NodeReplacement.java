package io.caas.driver.swarmmode;

import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostState;
import io.caas.core.spi.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces nodes of a running swarm, one batch at a time: what rolling upgrade and auto-heal share. Each node of a
 * batch is marked REPLACING, drained (upgrade) while it still runs, demoted when it is a manager (so the raft
 * shrinks and the others' quorum is counted without it, which is checked first), its host removed and its swarm
 * node removed; then its successor (same name, role and nodegroup; a fresh host, a fresh bootstrap token, always
 * joining, never initialising) is launched, and the batch ends when every successor is Ready on the cluster root
 * (managers Reachable). Afterwards the cluster's addresses, load balancer and join material follow the new hosts.
 *
 * <p>A successor's row is stamped with the time its host was asked for, after the operation was accepted: that is
 * how a recovering conductor tells a node this operation already replaced (or is replacing) from one still to do.
 */
final class NodeReplacement {
    static final String REPLACING = "REPLACING";
    private static final Logger LOG = LoggerFactory.getLogger(NodeReplacement.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration DRAIN_POLL = Duration.ofSeconds(1);
    private static final int DRAIN_POLLS = 120;
    private static final int REMOVE_ATTEMPTS = 120;

    /** One node to replace by {@code successor}, and why (shown in its row and in the cluster's events). */
    record Replacement(PlannedNode successor, String reason) {
    }

    private final ClusterJob job;
    private final Pause pause;
    private final SwarmServices services;
    private final HostLauncher launcher;
    private final ReachableManagers managers;
    private final PublishedAddresses addresses;
    private final String clusterUuid;
    private final String rootKey;

    NodeReplacement(ClusterJob job, UserDataRenderer renderer, Pause pause) {
        this.job = job;
        this.pause = pause;
        this.services = SwarmServices.of(job);
        this.clusterUuid = job.cluster().uuid;
        int enginePort = Objects.requireNonNullElse(job.template().apiserverPort, ClusterConvergence.DEFAULT_ENGINE_PORT);
        String rootPem = services.pki().rootCertificate(clusterUuid);
        this.rootKey = PemSslContexts.publicKeyBase64(rootPem);
        this.launcher = new HostLauncher(job, services, renderer, enginePort);
        this.managers = new ReachableManagers(job, services.pki().conductorCredentials(clusterUuid), rootPem, enginePort);
        this.addresses = new PublishedAddresses(job, services, enginePort);
    }

    /** True for a row this operation made: its node needs no replacing again, at most waiting for. */
    boolean isSuccessor(ClusterNode row) {
        Instant accepted = job.operation().createdAt;
        return row.createdAt != null && accepted != null && row.createdAt.isAfter(accepted);
    }

    /** Successors already Ready, which a recovering conductor skips. */
    boolean isReplaced(ClusterNode row) {
        return isSuccessor(row) && "READY".equals(row.state);
    }

    /**
     * Replaces one batch. {@code drain} moves the nodes' tasks away first (an upgrade of live nodes); a heal skips
     * it, since its nodes are down and swarm already rescheduled their tasks.
     */
    void replace(List<Replacement> batch, boolean drain) throws Exception {
        Set<String> names = batch.stream().map(r -> r.successor().name()).collect(Collectors.toSet());
        ReachableManagers.Manager manager = managers.any(names);
        Map<String, ClusterNode> rows = rowsByName();
        List<Replacement> leaving = batch.stream().filter(r -> rows.containsKey(r.successor().name())
                && !isSuccessor(rows.get(r.successor().name()))).toList();
        List<SwarmNode> swarm = manager.engine().nodes();
        for (Replacement replacement : leaving) {
            Optional<SwarmNode> old = inSwarm(rows.get(replacement.successor().name()), swarm);
            if (old.isPresent() && old.get().isManager()) {
                ReachableManagers.requireQuorumWithout(old.get(), swarm);
            }
        }
        for (Replacement replacement : leaving) {
            job.updateNode(replacement.successor().name(), r -> {
                r.state = REPLACING;
                r.message = "being replaced: " + replacement.reason();
            });
            job.event("node_replacing", replacement.successor().name() + " is being replaced: " + replacement.reason());
        }
        // the load balancer stops sending tenants to the leaving managers before they stop being managers
        addresses.publish(manager.swarmAddress());
        for (Replacement replacement : leaving) {
            takeOut(rows.get(replacement.successor().name()), replacement.reason(), drain, manager.engine());
        }
        addresses.offerJoinVia(manager.swarmAddress(), List.of());
        Map<String, Host> hosts = new HashMap<>();
        for (Host host : job.provider().hosts(clusterUuid)) {
            hosts.put(host.name(), host);
        }
        launcher.launchMissing(batch.stream().map(Replacement::successor).toList(), hosts);
        awaitReady(batch, manager.engine(), hosts);
        addresses.publish(manager.swarmAddress());
    }

    /** The old node leaves: out of the raft, off its host, out of the swarm; its row becomes its successor's. */
    private void takeOut(ClusterNode row, String reason, boolean drain, EngineClient manager) throws Exception {
        Optional<SwarmNode> old = inSwarm(row, manager.nodes());
        if (old.isPresent()) {
            if (drain && "ready".equals(old.get().state())) {
                drain(manager, row.name, old.get().id());
            }
            if (old.get().isManager()) {
                manager.demote(old.get().id());
            }
        }
        removeHost(row);
        if (old.isPresent()) {
            removeFromSwarm(manager, row.name, old.get().id());
        }
        Instant now = Instant.now();
        job.updateNode(row.name, r -> {
            r.createdAt = now;
            r.hostId = null;
            r.address = null;
            r.swarmNodeId = null;
            forgetHealth(r);
            r.state = "PENDING";
            r.message = "replacement host to be requested (" + reason + ")";
        });
        LOG.info("node taken out request={} cluster={} node={} reason=\"{}\"", job.operation().requestId, clusterUuid,
                row.name, reason);
    }

    private static Optional<SwarmNode> inSwarm(ClusterNode row, List<SwarmNode> swarm) {
        return swarm.stream().filter(n -> n.id().equals(row.swarmNodeId)
                || (row.swarmNodeId == null && row.name.equals(n.caasName()))).findFirst();
    }

    private void drain(EngineClient manager, String name, String swarmId) throws Exception {
        manager.drain(swarmId);
        for (int poll = 0; poll < DRAIN_POLLS && manager.runningTasks(swarmId) > 0; poll++) {
            if (job.shouldStop()) {
                throw new SwarmDriverException("Node " + name + " timed out while draining its tasks");
            }
            pause.sleep(DRAIN_POLL);
        }
    }

    private void removeHost(ClusterNode row) throws SwarmDriverException {
        try {
            for (Host host : job.provider().hosts(clusterUuid)) {
                if (host.id().equals(row.hostId) || host.name().equals(row.name)) {
                    job.provider().removeHost(clusterUuid, host);
                }
            }
        } catch (ProviderException e) {
            throw new SwarmDriverException("Node " + row.name + " failed at host removal: " + e.getMessage(), e);
        }
    }

    /** A just-demoted manager stays in the raft for a moment, and swarm refuses to remove it until it left. */
    private void removeFromSwarm(EngineClient manager, String name, String swarmId) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                manager.removeNode(swarmId, true);
                return;
            } catch (EngineApiException e) {
                if (e.status() == 404) {
                    return;
                }
                if (attempt >= REMOVE_ATTEMPTS || job.shouldStop()) {
                    throw new SwarmDriverException("Node " + name + " could not be removed from the swarm: "
                            + e.getMessage(), e);
                }
                pause.sleep(POLL);
            }
        }
    }

    /** Waits until every successor of the batch is Ready on the cluster root; fails on one that failed. */
    private void awaitReady(List<Replacement> batch, EngineClient manager, Map<String, Host> hosts) throws Exception {
        Set<String> pending = new HashSet<>();
        batch.forEach(r -> pending.add(r.successor().name()));
        Map<String, String> reasons = batch.stream().collect(Collectors.toMap(r -> r.successor().name(), Replacement::reason));
        String problem = "";
        while (true) {
            Map<String, ClusterNode> rows = rowsByName();
            for (String name : pending) {
                checkAlive(name, rows.get(name), hosts.get(name));
            }
            try {
                for (SwarmNode node : manager.nodes()) {
                    Host host = hosts.get(node.caasName());
                    if (pending.contains(node.caasName()) && node.isReadyUnder(rootKey)
                            && (!node.isManager() || servesAsManager(host, rows.get(node.caasName())))) {
                        job.updateNode(node.caasName(), r -> {
                            r.state = "READY";
                            r.swarmNodeId = node.id();
                            forgetHealth(r);
                            r.message = "Ready in the swarm as " + node.role() + " on a cluster CA certificate";
                        });
                        job.event("node_replaced", node.caasName() + " replaced (" + reasons.get(node.caasName())
                                + "): new host " + (host == null ? "?" : host.id()) + " is Ready as " + node.role());
                        pending.remove(node.caasName());
                    }
                }
                problem = "";
            } catch (EngineApiException e) {
                problem = "; the manager's Engine API: " + e.getMessage();
            }
            if (pending.isEmpty()) {
                return;
            }
            if (job.shouldStop()) {
                throw new SwarmDriverException("Replacement of " + String.join(", ", pending)
                        + " did not become Ready in time" + problem);
            }
            pause.sleep(POLL);
        }
    }

    private boolean servesAsManager(Host host, ClusterNode row) {
        String address = host != null ? host.address() : row == null ? null : row.address;
        return address != null && managers.answersAsManager(address);
    }

    private void checkAlive(String name, ClusterNode row, Host host) throws Exception {
        if (row != null && "FAILED".equals(row.state)) {
            throw new SwarmDriverException("Replacement of node " + name + " failed: " + row.message);
        }
        if (host == null) {
            return;
        }
        HostState state = job.provider().state(clusterUuid, host);
        if (state == HostState.FAILED || state == HostState.GONE || state == HostState.STOPPED) {
            job.updateNode(name, r -> {
                r.state = "FAILED";
                r.message = "replacement host is " + state + " at the provider";
            });
            throw new SwarmDriverException("Replacement of node " + name + " failed: host " + host.id() + " is "
                    + state + " at provider " + job.provider().name());
        }
    }

    /**
     * Health seen of the old host, or of the successor while it booted, is not the new node's: left on record, it
     * would make auto-heal replace the node again as soon as this operation ends.
     */
    private static void forgetHealth(ClusterNode row) {
        row.healthStatus = null;
        row.healthReason = null;
        row.unhealthySince = null;
    }

    private Map<String, ClusterNode> rowsByName() {
        return job.nodes().stream().collect(Collectors.toMap(n -> n.name, n -> n, (a, b) -> a));
    }
}
