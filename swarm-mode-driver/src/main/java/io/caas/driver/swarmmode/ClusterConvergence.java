package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import io.caas.core.spi.ClusterStacks;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostState;
import io.caas.core.spi.ProviderException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a cluster to its plan, whatever state it is found in; create, resize and recover are all this. Steps:
 * retire the nodes that go; launch the first manager alone and wait until its swarm runs on the cluster CA; hand
 * out the join tokens; launch the other nodes in parallel; wait until every node is Ready on a certificate of
 * the cluster root (managers Reachable); publish the addresses.
 */
final class ClusterConvergence {
    /** The Engine API's TLS port by convention, unless the template's apiserver_port says otherwise. */
    static final int DEFAULT_ENGINE_PORT = 2376;
    static final int SWARM_PORT = 2377;
    /**
     * Each wait (swarm init seen, root rotation done, all nodes Ready) ends on average half a poll after the fact,
     * so the poll is short; one poll is a few local queries and one Engine API call.
     */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConvergence.class);

    private final ClusterJob job;
    private final SwarmServices services;
    private final HostLauncher launcher;
    private final Pause pause;
    private final String clusterUuid;
    private final int enginePort;
    private final String rootPem;
    private final PemCredentials conductor;
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, String> recordedAddresses = new HashMap<>();
    private final Map<String, EngineClient> engines = new HashMap<>();

    ClusterConvergence(ClusterJob job, UserDataRenderer renderer, Pause pause) {
        this.job = job;
        this.services = SwarmServices.of(job);
        this.pause = pause;
        this.clusterUuid = job.cluster().uuid;
        this.enginePort = Objects.requireNonNullElse(job.template().apiserverPort, DEFAULT_ENGINE_PORT);
        this.launcher = new HostLauncher(job, services, renderer, enginePort);
        this.rootPem = services.pki().rootCertificate(clusterUuid);
        this.conductor = services.pki().conductorCredentials(clusterUuid);
    }

    void converge(Map<String, Integer> countOverrides, Collection<String> toRemove) throws Exception {
        Cluster cluster = job.cluster();
        NodePlan plan = NodePlan.of(cluster, job.template(), job.nodegroups(), countOverrides, job.nodes(), toRemove);
        boolean loadBalanced = Objects.requireNonNullElse(cluster.masterLbEnabled, job.template().masterLbEnabled);
        boolean stack = ClusterStacks.of(job.provider()).isPresent();
        // a stack provider's balancer is part of the stack: its address is known once the stack is (HostLauncher)
        if (loadBalanced && !stack) {
            // Known before any host boots, so caas can put the balancer's address into the managers' Engine certs.
            String early = loadBalancer(List.of());
            job.updateCluster(row -> row.apiAddress = "tcp://" + early);
        }
        refreshHosts();

        // a stack provider builds every missing node in one stack operation; the others wait for their join token
        launcher.launchMissing(stack ? plan.keep() : List.of(plan.firstManager()), hosts);
        SwarmJoin join = awaitSwarmOnClusterCa(plan.firstManager());
        SwarmAutolock.ensure(job, engine(plan.firstManager()));
        if (!plan.retire().isEmpty()) {
            new NodeRetirement(job, pause).retire(plan.retire(), engine(plan.firstManager()), hosts);
        }
        launcher.launchMissing(plan.keep(), hosts);
        Map<String, SwarmNode> ready = awaitReady(plan, plan.firstManager());

        List<String> managerAddresses = addressesOf(plan.managers());
        services.joinTokens().save(clusterUuid, new SwarmJoin(join.managerToken(), join.workerToken(),
                managerAddresses.stream().map(address -> address + ":" + SWARM_PORT).toList()));
        String apiAddress = loadBalanced
                ? loadBalancer(managerAddresses.stream().map(address -> address + ":" + enginePort).toList())
                : managerAddresses.get(0) + ":" + enginePort;
        String version = engine(plan.firstManager()).info().path("ServerVersion").asText();
        List<String> workerAddresses = addressesOf(plan.keep().stream().filter(node -> !node.isManager()).toList());
        job.updateCluster(row -> {
            row.apiAddress = "tcp://" + apiAddress;
            row.masterAddresses = managerAddresses;
            row.nodeAddresses = workerAddresses;
            row.coeVersion = version;
            row.containerVersion = version;
        });
        LOG.info("swarm converged request={} cluster={} nodes={} api={}", job.operation().requestId, clusterUuid,
                ready.size(), apiAddress);
    }

    private String loadBalancer(List<String> backends) throws SwarmDriverException {
        try {
            return job.provider().ensureLoadBalancer(clusterUuid, enginePort, backends);
        } catch (UnsupportedOperationException e) {
            throw new SwarmDriverException(e.getMessage() + "; create the cluster with master_lb_enabled=false", e);
        } catch (ProviderException e) {
            throw new SwarmDriverException("Load balancer for the managers' Engine API failed: " + e.getMessage(), e);
        }
    }

    /**
     * The first manager inits swarm on an internal root; caas records that root and swarm's id (so its external CA
     * accepts the leader), then rotates swarm to the cluster root. Join tokens are only valid after the rotation.
     */
    private SwarmJoin awaitSwarmOnClusterCa(PlannedNode first) throws Exception {
        String problem = "no answer yet";
        while (true) {
            checkNodes(List.of(first), "swarm init");
            if (hosts.containsKey(first.name()) && hosts.get(first.name()).address() != null) {
                try {
                    JsonNode swarm = engine(first).swarm();
                    if (swarm.path("Spec").path("CAConfig").path("ExternalCAs").isEmpty()
                            && !sameCertificate(swarm.path("TLSInfo").path("TrustRoot").asText(""), rootPem)) {
                        services.pki().recordSwarm(clusterUuid, swarm.path("ID").asText(),
                                swarm.path("TLSInfo").path("TrustRoot").asText());
                        engine(first).useExternalCa(rootPem, services.pki().externalCaUrl(clusterUuid));
                        job.event("swarm_rotating", "swarm " + swarm.path("ID").asText() + " initialised by "
                                + first.name() + ", rotating to the cluster CA");
                        continue;
                    }
                    boolean rotating = swarm.path("RootRotationInProgress").asBoolean(true);
                    if (!rotating && sameCertificate(swarm.path("TLSInfo").path("TrustRoot").asText(""), rootPem)) {
                        SwarmJoin join = new SwarmJoin(swarm.path("JoinTokens").path("Manager").asText(),
                                swarm.path("JoinTokens").path("Worker").asText(),
                                List.of(hosts.get(first.name()).address() + ":" + SWARM_PORT));
                        services.pki().swarmOnClusterRoot(clusterUuid);
                        services.joinTokens().save(clusterUuid, join);
                        if (!"READY".equals(rowsByName().getOrDefault(first.name(), new ClusterNode()).state)) {
                            job.event("swarm_initialised", "swarm runs on the cluster CA, first manager " + first.name());
                        }
                        return join;
                    }
                    problem = rotating ? "root rotation to the cluster CA in progress" : "trust root is not the cluster root yet";
                } catch (EngineApiException e) {
                    problem = e.getMessage();
                }
            }
            String last = problem;
            checkTimeout(() -> "first manager " + first.name() + " did not bring up its swarm on the cluster CA: " + last);
            pause.sleep(POLL);
            refreshHosts();
        }
    }

    /** Waits until every planned node is Ready on the cluster root; rows already READY are not written again. */
    private Map<String, SwarmNode> awaitReady(NodePlan plan, PlannedNode first) throws Exception {
        Map<String, SwarmNode> ready = new HashMap<>();
        String rootKey = PemSslContexts.publicKeyBase64(rootPem);
        String problem = "";
        while (true) {
            checkNodes(plan.keep().stream().filter(p -> !ready.containsKey(p.name())).toList(), "joining");
            Map<String, ClusterNode> rows = rowsByName();
            try {
                for (SwarmNode node : engine(first).nodes()) {
                    ClusterNode row = rows.get(node.caasName());
                    Optional<PlannedNode> planned = plan.keep().stream().filter(p -> p.name().equals(node.caasName()))
                            .findFirst();
                    if (row == null || ready.containsKey(node.caasName()) || !node.isReadyUnder(rootKey)
                            || planned.isEmpty() || node.isManager() && !servesControlApi(planned.get())) {
                        continue;
                    }
                    ready.put(node.caasName(), node);
                    if (!"READY".equals(row.state) || !node.id().equals(row.swarmNodeId)) {
                        job.updateNode(node.caasName(), r -> {
                            r.state = "READY";
                            r.swarmNodeId = node.id();
                            r.message = "Ready in the swarm as " + node.role() + " on a cluster CA certificate";
                        });
                        job.event("node_ready", node.caasName() + " is Ready as " + node.role());
                    }
                }
                problem = "";
            } catch (EngineApiException e) {
                problem = "; the first manager's Engine API: " + e.getMessage();
            }
            if (ready.size() == plan.keep().size()) {
                return ready;
            }
            String last = problem;
            checkTimeout(() -> "not Ready in time: " + plan.keep().stream().filter(p -> !ready.containsKey(p.name()))
                    .map(p -> describe(p.name())).collect(Collectors.joining(", ")) + last);
            pause.sleep(POLL);
            refreshHosts();
        }
    }

    /**
     * Raft counts a joining manager reachable a moment before its own Engine API stops answering "Manager is being
     * prepared"; the managers go behind the tenants' load balancer only once each serves swarm's control API.
     */
    private boolean servesControlApi(PlannedNode manager) {
        if (!hosts.containsKey(manager.name())) {
            return false;
        }
        try {
            engine(manager).nodes();
            return true;
        } catch (EngineApiException e) {
            return false;
        }
    }

    /** Fails fast on a node that reported FAILED or whose host the provider lost, and records new addresses. */
    private void checkNodes(List<PlannedNode> nodes, String step) throws Exception {
        if (nodes.isEmpty()) {
            return;
        }
        Map<String, ClusterNode> rows = rowsByName();
        for (PlannedNode node : nodes) {
            ClusterNode row = rows.get(node.name());
            if (row != null && "FAILED".equals(row.state)) {
                throw new SwarmDriverException("Node " + node.name() + " failed during " + step + ": " + row.message);
            }
            Host host = hosts.get(node.name());
            if (host == null) {
                continue;
            }
            HostState state = job.provider().state(clusterUuid, host);
            if (state == HostState.FAILED || state == HostState.GONE || state == HostState.STOPPED) {
                job.updateNode(node.name(), r -> {
                    r.state = "FAILED";
                    r.message = "host is " + state + " at the provider";
                });
                throw new SwarmDriverException("Node " + node.name() + " failed during " + step + ": host " + host.id()
                        + " is " + state + " at provider " + job.provider().name());
            }
            if (host.address() != null && !host.address().equals(recordedAddresses.get(node.name()))) {
                job.updateNode(node.name(), r -> r.address = host.address());
                recordedAddresses.put(node.name(), host.address());
            }
        }
    }

    private void checkTimeout(Supplier<String> what) throws SwarmDriverException {
        if (job.shouldStop()) {
            throw new SwarmDriverException("Cluster " + clusterUuid + " timed out: " + what.get());
        }
    }

    private String describe(String nodeName) {
        return job.nodes().stream().filter(n -> nodeName.equals(n.name)).findFirst()
                .map(n -> nodeName + " (" + n.state + ": " + n.message + ")").orElse(nodeName + " (no record)");
    }

    private Map<String, ClusterNode> rowsByName() {
        return job.nodes().stream().collect(Collectors.toMap(n -> n.name, n -> n, (a, b) -> a));
    }

    private void refreshHosts() throws ProviderException {
        for (Host host : job.provider().hosts(clusterUuid)) {
            hosts.put(host.name(), host);
        }
    }

    private EngineClient engine(PlannedNode node) {
        String address = hosts.get(node.name()).address() + ":" + enginePort;
        return engines.computeIfAbsent(address, a -> EngineClient.connect(a, conductor, rootPem));
    }

    private List<String> addressesOf(List<PlannedNode> nodes) {
        List<String> addresses = new ArrayList<>();
        nodes.forEach(node -> addresses.add(hosts.get(node.name()).address()));
        return addresses;
    }

    private static boolean sameCertificate(String pem, String otherPem) {
        try {
            return !pem.isBlank() && PemSslContexts.certificates(pem).get(0).equals(PemSslContexts.certificates(otherPem).get(0));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
