package io.caas.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.ReplacementArguments;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.Provider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Carries out one accepted operation: wins the cluster's lease, runs the driver, and leaves the cluster and
 * the operation in a terminal state whatever the driver does. Safe to call twice for the same operation
 * (a redelivered message): a finished operation is skipped, a running one is left to its lease holder.
 */
public final class OperationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_CREATE_TIMEOUT_MINUTES = 60;

    private final Database database;
    private final ClusterLeases leases;
    private final DriverRegistry drivers;
    private final ProviderRegistry providers;
    private final ScheduledExecutorService timers;
    private final Duration leaseTime;
    private final DriverServices services;

    OperationRunner(Database database, ClusterLeases leases, DriverRegistry drivers, ProviderRegistry providers,
                    ScheduledExecutorService timers, Duration leaseTime, DriverServices services) {
        this.services = services;
        this.database = database;
        this.leases = leases;
        this.drivers = drivers;
        this.providers = providers;
        this.timers = timers;
        this.leaseTime = leaseTime;
    }

    /** Runs a freshly delivered operation. */
    public void run(String operationId, String requestId) {
        withRequestId(requestId, () -> start(operationId, false));
    }

    /** Takes over an operation a dead conductor left RUNNING, through the driver's recover. */
    void recover(String operationId, String requestId) {
        withRequestId(requestId, () -> start(operationId, true));
    }

    private void start(String operationId, boolean recovering) {
        ClusterOperation op = database.transaction(s -> s.createQuery(
                "from ClusterOperation where uuid = :u", ClusterOperation.class).setParameter("u", operationId).uniqueResult());
        if (op == null) {
            LOG.warn("event=operation_unknown operation={}", operationId);
            return;
        }
        if (op.state == ClusterOperation.State.DONE || op.state == ClusterOperation.State.FAILED) {
            LOG.info("event=operation_already_finished operation={} state={}", operationId, op.state);
            return;
        }
        if (op.state == ClusterOperation.State.RUNNING && !recovering) {
            return;
        }
        if (!leases.acquire(op.clusterId)) {
            // another conductor acts on this cluster; the sweeper hands the operation out again later
            LOG.info("event=operation_deferred operation={} cluster={} reason=lease_held", operationId, op.clusterId);
            return;
        }
        try {
            if (!firstPendingOperationOf(op.clusterId).map(first -> first.uuid.equals(op.uuid) || recovering).orElse(true)) {
                // an earlier accepted operation on this cluster goes first, in the order the API accepted them
                LOG.info("event=operation_deferred operation={} cluster={} reason=earlier_operation", operationId, op.clusterId);
                return;
            }
            markOperation(op.uuid, ClusterOperation.State.RUNNING, null);
            execute(op, recovering);
        } finally {
            leases.release(op.clusterId);
        }
    }

    private void execute(ClusterOperation op, boolean recovering) {
        ClusterAction action;
        try {
            action = ClusterAction.fromWireName(op.action);
        } catch (IllegalArgumentException unknown) {
            // written by a newer caas, or by hand: finish it rather than leave it to be recovered for ever
            LOG.warn("event=operation_unknown_action operation={} action={}", op.uuid, op.action);
            markOperation(op.uuid, ClusterOperation.State.FAILED, "This conductor does not know the '" + op.action
                    + "' operation; upgrade the conductors and retry it");
            return;
        }
        Cluster cluster = database.transaction(s -> LeasedClusterJob.findCluster(s, op.clusterId));
        if (cluster == null) {
            markOperation(op.uuid, ClusterOperation.State.FAILED, "cluster no longer exists");
            return;
        }
        Optional<Provider> provider = providers.named(cluster.provider);
        int timeoutMinutes = cluster.createTimeout == null || cluster.createTimeout <= 0
                ? DEFAULT_CREATE_TIMEOUT_MINUTES : cluster.createTimeout;
        LeasedClusterJob job = new LeasedClusterJob(database, op, provider.orElse(null), Duration.ofMinutes(timeoutMinutes),
                services.all());
        ScheduledFuture<?> renewal = timers.scheduleAtFixedRate(() -> {
            if (!leases.renew(op.clusterId)) {
                LOG.warn("event=lease_lost cluster={} operation={}", op.clusterId, op.uuid);
                job.markLeaseLost();
            }
        }, leaseTime.toMillis() / 3, leaseTime.toMillis() / 3, TimeUnit.MILLISECONDS);
        LOG.info("event=operation_started operation={} cluster={} action={} recovering={}",
                op.uuid, op.clusterId, op.action, recovering);
        try {
            Provider onProvider = provider.orElseThrow(() -> new IllegalStateException("Provider '"
                    + (cluster.provider == null ? providers.defaultName() : cluster.provider)
                    + "' is not enabled on this conductor: add it to [providers] enabled"));
            Optional<ClusterDriver> driver = Optional.ofNullable(job.template()).flatMap(drivers::forTemplate);
            if (action == ClusterAction.DELETE_NODEGROUP) {
                // zeroed before the driver converges, so a recovering conductor converges to the same end
                setNodeCount(nodegroupOf(op), 0);
            }
            if (recovering && driver.isPresent()) {
                driver.get().recover(job);
            } else {
                dispatch(action, job, driver, onProvider, op);
            }
            finish(op, action, job);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("event=operation_failed operation={} cluster={} action={} reason=\"{}\"",
                    op.uuid, op.clusterId, op.action, reason, e);
            fail(op, action, job, reason);
        } finally {
            renewal.cancel(false);
        }
    }

    private void dispatch(ClusterAction action, LeasedClusterJob job, Optional<ClusterDriver> driver, Provider provider,
                          ClusterOperation op) throws Exception {
        if (action == ClusterAction.DELETE && driver.isEmpty()) {
            // a cluster whose driver is gone (or never existed) must still be deletable
            provider.deleteCluster(op.clusterId);
            return;
        }
        ClusterTemplate template = job.template();
        ClusterDriver coe = driver.orElseThrow(() -> new IllegalStateException("No driver for cluster type "
                + (template == null ? "(template deleted)" : DriverRegistry.keyOf(template))
                + " is installed on this conductor; drivers here: " + drivers.keys()));
        switch (action) {
            case CREATE -> coe.create(job);
            case DELETE -> coe.delete(job);
            case RESIZE -> {
                JsonNode args = arguments(op);
                List<String> remove = new ArrayList<>();
                args.path("nodes_to_remove").forEach(n -> remove.add(n.asText()));
                coe.resize(job, args.path("nodegroup").asText(null), args.path("node_count").asInt(), remove);
            }
            case CREATE_NODEGROUP, DELETE_NODEGROUP -> {
                String nodegroup = nodegroupOf(op);
                coe.resize(job, nodegroup, job.nodegroups().stream().filter(ng -> ng.uuid.equals(nodegroup))
                        .findFirst().map(ng -> ng.nodeCount).orElse(0), List.of());
            }
            case UPGRADE -> {
                ReplacementArguments.Upgrade upgrade = ReplacementArguments.upgrade(op);
                ClusterTemplate target = job.template(upgrade.clusterTemplate()).orElseThrow(() -> new IllegalStateException(
                        "Cluster template " + upgrade.clusterTemplate() + " was deleted before the upgrade ran;"
                                + " upgrade again to an existing template"));
                coe.upgrade(job, target, upgrade.maxBatchSize(), upgrade.nodegroup());
            }
            case HEAL -> {
                ReplacementArguments.Heal heal = ReplacementArguments.heal(op);
                coe.heal(job, heal.nodes(), heal.reason());
            }
            case ROTATE_CA -> coe.rotateCa(job);
            case ROTATE_JOIN_TOKENS -> coe.rotateJoinTokens(job, arguments(op).path("role").asText("both"));
            // the API already wrote what these change (health fields, min/max counts): no host changes
            case UPDATE, UPDATE_NODEGROUP -> { }
            case ROTATE_UNLOCK_KEY -> coe.rotateUnlockKey(job);
            default -> throw new UnsupportedOperationException("The " + action.wireName()
                    + " operation is not supported by the " + DriverRegistry.keyOf(template) + " driver yet");
        }
    }

    private void finish(ClusterOperation op, ClusterAction action, LeasedClusterJob job) throws IOException {
        if (action == ClusterAction.DELETE) {
            deleteClusterRows(op.clusterId);
        } else {
            if (action == ClusterAction.DELETE_NODEGROUP) {
                String nodegroup = nodegroupOf(op);
                database.execute(s -> s.createMutationQuery("delete from NodeGroup where uuid = :u")
                        .setParameter("u", nodegroup).executeUpdate());
            } else if (action.name().endsWith("_NODEGROUP")) {
                setNodegroupStatus(nodegroupOf(op), action.nodegroupStatus("COMPLETE"), null);
            } else if (action == ClusterAction.UPGRADE) {
                recordUpgrade(op, job);
            }
            job.updateCluster(c -> {
                c.status = action.complete;
                c.statusReason = null;
            });
            job.event(action.wireName() + "_complete", action.complete.name());
        }
        markOperation(op.uuid, ClusterOperation.State.DONE, null);
        LOG.info("event=operation_done operation={} cluster={} action={}", op.uuid, op.clusterId, op.action);
    }

    private void recordUpgrade(ClusterOperation op, LeasedClusterJob job) {
        ReplacementArguments.Upgrade upgrade = ReplacementArguments.upgrade(op);
        Optional<ClusterTemplate> target = job.template(upgrade.clusterTemplate());
        if (target.isPresent() && new TemplateAdoption(database).adopt(job, target.get(), upgrade.nodegroup())) {
            job.event("upgraded", "every node was replaced by a host of template " + target.get().name
                    + "; the cluster now runs on it");
        }
    }

    private void fail(ClusterOperation op, ClusterAction action, LeasedClusterJob job, String reason) {
        try {
            if (action.name().endsWith("_NODEGROUP")) {
                setNodegroupStatus(nodegroupOf(op), action.nodegroupStatus("FAILED"), reason);
            }
            job.updateCluster(c -> {
                c.status = action.failed;
                c.statusReason = reason;
            });
            job.event(action.wireName() + "_failed", reason);
        } catch (RuntimeException | IOException e) {
            LOG.warn("event=cluster_status_write_failed cluster={} error=\"{}\"", op.clusterId, e.getMessage());
        }
        markOperation(op.uuid, ClusterOperation.State.FAILED, reason);
    }

    private void deleteClusterRows(String clusterId) {
        database.execute(s -> {
            for (String entity : List.of("ClusterNode", "NodeGroup", "ClusterCa", "ClusterEvent", "ClusterSecret", "IssuedCertificateRecord",
                    "ClusterHealthCheck")) {
                s.createMutationQuery("delete from " + entity + " where clusterId = :u").setParameter("u", clusterId)
                        .executeUpdate();
            }
            s.createMutationQuery("delete from Cluster where uuid = :u").setParameter("u", clusterId).executeUpdate();
        });
    }

    private Optional<ClusterOperation> firstPendingOperationOf(String clusterId) {
        return database.transaction(s -> s.createQuery(
                        "from ClusterOperation where clusterId = :u and state in (:open) order by id", ClusterOperation.class)
                .setParameter("u", clusterId)
                .setParameterList("open", List.of(ClusterOperation.State.PENDING, ClusterOperation.State.RUNNING))
                .setMaxResults(1).uniqueResultOptional());
    }

    private void markOperation(String operationId, ClusterOperation.State state, String result) {
        database.execute(s -> {
            ClusterOperation op = s.createQuery("from ClusterOperation where uuid = :u", ClusterOperation.class)
                    .setParameter("u", operationId).uniqueResult();
            op.state = state;
            op.result = result;
            op.updatedAt = Instant.now();
            if (state == ClusterOperation.State.RUNNING) {
                op.attempts++;
            }
        });
    }

    private static String nodegroupOf(ClusterOperation op) throws IOException {
        String nodegroup = arguments(op).path("nodegroup").asText("");
        if (nodegroup.isEmpty()) {
            throw new IOException("Operation " + op.uuid + " names no nodegroup");
        }
        return nodegroup;
    }

    private void setNodeCount(String nodegroup, int count) {
        database.execute(s -> s.createMutationQuery("update NodeGroup set nodeCount = :n, updatedAt = :t where uuid = :u")
                .setParameter("n", count).setParameter("t", Instant.now()).setParameter("u", nodegroup).executeUpdate());
    }

    private void setNodegroupStatus(String nodegroup, String status, String reason) {
        database.execute(s -> s.createMutationQuery(
                        "update NodeGroup set status = :s, statusReason = :r, updatedAt = :t where uuid = :u")
                .setParameter("s", status).setParameter("r", reason).setParameter("t", Instant.now())
                .setParameter("u", nodegroup).executeUpdate());
    }

    private static JsonNode arguments(ClusterOperation op) throws IOException {
        return op.arguments == null ? JSON.createObjectNode() : JSON.readTree(op.arguments);
    }

    private static void withRequestId(String requestId, Runnable work) {
        MDC.put("request_id", requestId == null ? "-" : requestId);
        try {
            work.run();
        } finally {
            MDC.remove("request_id");
        }
    }
}
