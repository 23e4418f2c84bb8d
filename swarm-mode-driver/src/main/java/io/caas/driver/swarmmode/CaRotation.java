package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.model.ClusterNode;
import io.caas.core.spi.ClusterJob;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CA rotation on a swarm that runs on cluster root G with caas as its external CA. Swarm refuses to go from one
 * external root straight to another, so the swarm passes through a root of its own:
 * <ol>
 * <li>interim: swarm makes a new root and has G cross-sign it through caas's external CA (which signs profile "CA"
 *     only while a rotation runs), and moves every node to it;</li>
 * <li>swarm: caas makes the new root G' (now the current one: the external CA endpoint, new client bundles and
 *     engine certificates come from it) and rotates swarm from the interim root to G', as at create;</li>
 * <li>engines: node by node (managers one at a time, so the raft keeps its quorum while each engine restarts) caas
 *     asks the node's agent to move its Engine API to G' (swarm-node.sh polls GET .../engine-tls) and waits until the
 *     engine answers a client of G' and the node is back in the swarm.</li>
 * </ol>
 * Every step is read back from swarm and caas's records, so running this again (a conductor taking the operation
 * over, or a new rotation after a failed one) carries on from wherever the cluster is.
 */
final class CaRotation {
    private static final Duration POLL = Duration.ofMillis(250);
    /** Swarm moves a node in seconds and an engine restarts in a few: a phase this long is stuck, not slow. */
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(CaRotation.class);

    private final ClusterJob job;
    private final ClusterPki pki;
    private final JoinTokens joinTokens;
    private final ManagerEngines engines;
    private final Pause pause;
    private final String clusterUuid;
    private EngineClient manager;

    CaRotation(ClusterJob job, Pause pause) {
        SwarmServices services = SwarmServices.of(job);
        this.job = job;
        this.pki = services.pki();
        this.joinTokens = services.joinTokens();
        this.engines = new ManagerEngines(job, services.pki());
        this.pause = pause;
        this.clusterUuid = job.cluster().uuid;
    }

    void rotate() throws Exception {
        Instant start = Instant.now();
        String operation = job.operation().uuid;
        OptionalInt made = pki.rootMadeBy(clusterUuid, operation);
        if (made.isEmpty()) {
            int from = pki.rootGeneration(clusterUuid);
            job.event("ca_rotation_started", "moving the swarm off root generation " + from
                    + " through an interim root of swarm's own, cross-signed by the current root");
            moveToInterimRoot(pki.rootCertificate(clusterUuid, from));
        }
        int to = pki.rotationRoot(clusterUuid, operation);
        String root = pki.rootCertificate(clusterUuid, to);
        moveSwarmTo(to, root);
        moveEngines(to, root);
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        job.event("ca_rotated", "every node certificate and Engine API now chains to root generation " + to
                + " only (key " + PemSslContexts.publicKeyBase64(root) + ") after " + seconds + " s");
        LOG.info("ca rotated request={} cluster={} generation={} seconds={}", job.operation().requestId, clusterUuid,
                to, seconds);
    }

    private void moveToInterimRoot(String oldRoot) throws Exception {
        boolean asked = false;
        Instant limit = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            JsonNode swarm = swarm();
            if (!swarm.path("RootRotationInProgress").asBoolean(true)) {
                if (!sameCertificate(trustRoot(swarm), oldRoot)) {
                    job.event("ca_rotation_interim_root", "every swarm node moved to the interim root");
                    return;
                }
                if (!asked) {
                    manager.useNewInternalRoot();
                    asked = true;
                    continue;
                }
            }
            await(limit, () -> "swarm did not move to its interim root");
        }
    }

    private void moveSwarmTo(int generation, String root) throws Exception {
        boolean asked = false;
        Instant limit = Instant.now().plus(PHASE_LIMIT);
        JsonNode swarm;
        while (true) {
            swarm = swarm();
            boolean rotating = swarm.path("RootRotationInProgress").asBoolean(true);
            if (!rotating && sameCertificate(trustRoot(swarm), root)) {
                break;
            }
            if (!rotating && !asked) {
                // the leader's certificate still comes from the interim root when swarm first asks caas's CA
                pki.recordSwarm(clusterUuid, swarm.path("ID").asText(), trustRoot(swarm));
                manager.useExternalCa(root, pki.externalCaUrl(clusterUuid));
                asked = true;
                job.event("ca_rotation_new_root", "swarm moving from its interim root to root generation " + generation);
                continue;
            }
            await(limit, () -> "swarm did not move from its interim root to root generation " + generation);
        }
        pki.swarmOnClusterRoot(clusterUuid);
        // a join token carries the digest of the root it was made under: the ones caas kept are stale now
        joinTokens.save(clusterUuid, new SwarmJoin(swarm.path("JoinTokens").path("Manager").asText(),
                swarm.path("JoinTokens").path("Worker").asText(), managerSwarmAddresses()));
        awaitSwarmNodesUnder(root, limit);
        job.event("ca_rotation_swarm_moved", "every swarm node holds a certificate from root generation " + generation);
    }

    private void awaitSwarmNodesUnder(String root, Instant limit) throws Exception {
        String key = PemSslContexts.publicKeyBase64(root);
        while (true) {
            swarm();
            String problem;
            try {
                Map<String, SwarmNode> swarmNodes = manager.nodes().stream()
                        .collect(Collectors.toMap(SwarmNode::caasName, Function.identity(), (a, b) -> a));
                List<String> behind = job.nodes().stream().filter(row -> row.swarmNodeId != null)
                        .filter(row -> swarmNodes.get(row.name) == null || !swarmNodes.get(row.name).isReadyUnder(key))
                        .map(row -> row.name).toList();
                if (behind.isEmpty()) {
                    return;
                }
                problem = "not Ready on a certificate of the new root: " + behind;
            } catch (EngineApiException e) {
                problem = e.getMessage();
            }
            String last = problem;
            await(limit, () -> last);
        }
    }

    /**
     * An engine restarts as it moves. Managers go one at a time, so the raft keeps its quorum, and the leader last:
     * the others wait out an election when it stops, which should happen once only. Workers do not count for the
     * quorum, so they all go together with the first manager.
     */
    private void moveEngines(int generation, String root) throws Exception {
        String leader = leaderName();
        List<ClusterNode> nodes = job.nodes().stream().filter(n -> n.address != null && n.swarmNodeId != null)
                .sorted(Comparator.comparing((ClusterNode n) -> n.name.equals(leader)).thenComparing(n -> n.name))
                .toList();
        List<ClusterNode> managers = nodes.stream().filter(n -> SwarmRoles.MANAGER.equals(n.role)).toList();
        List<ClusterNode> first = new ArrayList<>(nodes.stream().filter(n -> !SwarmRoles.MANAGER.equals(n.role)).toList());
        if (!managers.isEmpty()) {
            first.add(managers.get(0));
        }
        moveEngines(first, generation, root);
        for (ClusterNode manager : managers.subList(Math.min(1, managers.size()), managers.size())) {
            moveEngines(List.of(manager), generation, root);
        }
        // the last restart moved the raft leadership: every node must be Ready again in the new leader's view
        awaitSwarmNodesUnder(root, Instant.now().plus(PHASE_LIMIT));
        job.event("ca_rotation_engines_moved", nodes.size() + " Engine APIs serve certificates from root generation "
                + generation + " and trust only that root");
    }

    private void moveEngines(List<ClusterNode> nodes, int generation, String root) throws Exception {
        for (ClusterNode node : nodes) {
            if (!Objects.equals(node.engineTlsGeneration, generation)) {
                job.updateNode(node.name, row -> row.engineTlsGeneration = generation);
            }
        }
        String key = PemSslContexts.publicKeyBase64(root);
        Set<String> moved = new HashSet<>();
        List<String> problems = new ArrayList<>();
        Instant limit = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            problems.clear();
            for (ClusterNode node : nodes) {
                if (moved.contains(node.name)) {
                    continue;
                }
                try {
                    if (backInSwarm(node, engines.engine(node, generation), key)) {
                        moved.add(node.name);
                        job.event("engine_tls_moved", node.name + " serves its Engine API with a certificate from root"
                                + " generation " + generation + " and trusts only that root");
                    } else {
                        problems.add(node.name + ": engine restarted, not back in the swarm yet");
                    }
                } catch (EngineApiException e) {
                    problems.add(node.name + ": " + e.getMessage());
                }
            }
            if (moved.size() == nodes.size()) {
                return;
            }
            await(limit, () -> "the node agents did not move these Engine APIs to root generation " + generation
                    + ": " + problems + "; see agent.log in each host's state directory");
        }
    }

    /** caas's name of the swarm's raft leader; "" when no manager says (the order then is only by name). */
    private String leaderName() throws SwarmDriverException {
        swarm();
        try {
            for (JsonNode node : manager.call("GET", "/nodes", null)) {
                if (node.path("ManagerStatus").path("Leader").asBoolean(false)) {
                    return node.path("Description").path("Engine").path("Labels").path(SwarmNode.NAME_LABEL).asText("");
                }
            }
        } catch (EngineApiException e) {
            LOG.info("no raft leader seen request={} cluster={} error=\"{}\"", job.operation().requestId, clusterUuid,
                    e.getMessage());
        }
        return "";
    }

    /**
     * A moved manager is Ready and Reachable again by its own account; a worker is active in the swarm. The restart
     * leaves a manager of an autolocked swarm locked, and no health check runs during the rotation: it is unlocked here.
     */
    private boolean backInSwarm(ClusterNode node, EngineClient engine, String rootKey) throws EngineApiException {
        String state = engine.info().path("Swarm").path("LocalNodeState").asText();
        if (!SwarmRoles.MANAGER.equals(node.role)) {
            return "active".equals(state);
        }
        if ("locked".equals(state)) {
            SwarmAutolock.Unlock unlock = SwarmAutolock.unlock(job.cluster(), job.service(UnlockKeys.class), engine);
            if (!unlock.unlocked()) {
                throw new EngineApiException(423, unlock.reason());
            }
            job.event("manager_unlocked", node.name + " was locked after its engine restarted; caas unlocked it");
        }
        return engine.nodes().stream().anyMatch(n -> node.name.equals(n.caasName()) && n.isReadyUnder(rootKey));
    }

    /** The swarm as a manager sees it; a manager is looked for again (under any root) when the last one fails. */
    private JsonNode swarm() throws SwarmDriverException {
        if (manager != null) {
            try {
                return manager.swarm();
            } catch (EngineApiException e) {
                LOG.info("manager engine unavailable request={} cluster={} engine={} error=\"{}\"",
                        job.operation().requestId, clusterUuid, manager.address(), e.getMessage());
            }
        }
        int newest = pki.rootGeneration(clusterUuid);
        manager = engines.anyManager(IntStream.iterate(newest, g -> g >= 1, g -> g - 1).boxed().toList());
        try {
            return manager.swarm();
        } catch (EngineApiException e) {
            throw new SwarmDriverException("Manager " + manager.address() + " stopped answering: " + e.getMessage(), e);
        }
    }

    /** Where joining nodes reach the managers: as caas handed it out so far, else from the managers' rows. */
    private List<String> managerSwarmAddresses() {
        return joinTokens.find(clusterUuid).map(SwarmJoin::managerAddresses).orElseGet(() -> engines.managers().stream()
                .map(n -> n.address + ":" + ClusterConvergence.SWARM_PORT).toList());
    }

    private void await(Instant limit, Supplier<String> what) throws Exception {
        if (job.shouldStop() || Instant.now().isAfter(limit)) {
            throw new SwarmDriverException("CA rotation of cluster " + clusterUuid + " stopped: " + what.get()
                    + "; run `openstack coe ca rotate` again to carry on from where it is");
        }
        pause.sleep(POLL);
    }

    private static String trustRoot(JsonNode swarm) {
        return swarm.path("TLSInfo").path("TrustRoot").asText("");
    }

    static boolean sameCertificate(String pem, String otherPem) {
        try {
            return !pem.isBlank() && PemSslContexts.certificates(pem).get(0).equals(PemSslContexts.certificates(otherPem).get(0));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
