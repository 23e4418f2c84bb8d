package io.caas.conductor.health;

import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ClusterDriver;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The conductor's periodic health pass: on every tick it claims the clusters whose check is due (as many as it has
 * free workers, so busy conductors leave work to idle ones), asks each cluster's driver for a {@link HealthReport}
 * and records it. Only clusters in a stable status with no live lease are checked, so a check never runs beside
 * an operation.
 */
public final class HealthChecks implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final Database database;
    private final DriverRegistry drivers;
    private final ProviderRegistry providers;
    private final Map<Class<?>, Object> services;
    private final HealthClaims claims;
    private final HealthRecorder recorder;
    private final Semaphore freeWorkers;
    private final ExecutorService workers;

    public HealthChecks(HealthSettings settings, String conductor, Database database, DriverRegistry drivers,
                        ProviderRegistry providers, Map<Class<?>, Object> services) {
        this.database = database;
        this.drivers = drivers;
        this.providers = providers;
        this.services = services;
        this.claims = new HealthClaims(database, conductor, settings.interval());
        this.recorder = new HealthRecorder(database);
        this.freeWorkers = new Semaphore(settings.workers());
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread t = new Thread(r, "conductor-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** One tick: claims what is due and hands it to the workers. */
    @Override
    public void run() {
        try {
            Instant now = Instant.now();
            int free = freeWorkers.availablePermits();
            if (free == 0) {
                return;
            }
            for (String clusterId : claims.due(now, free)) {
                if (!freeWorkers.tryAcquire()) {
                    return;
                }
                if (!claims.claim(clusterId, now)) {
                    freeWorkers.release();
                    continue;
                }
                try {
                    workers.execute(() -> {
                        try {
                            check(clusterId);
                            claims.release(clusterId, now);
                        } catch (RuntimeException e) {
                            // the claim runs out by itself; the next tick tries again
                            LOG.warn("event=health_release_failed cluster={} error=\"{}\"", clusterId, e.getMessage());
                        } finally {
                            freeWorkers.release();
                        }
                    });
                } catch (RejectedExecutionException closing) {
                    freeWorkers.release();
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the database may be restarting; the next tick tries again
            LOG.warn("event=health_tick_failed error=\"{}\"", e.getMessage());
        }
    }

    /** Checks one cluster now and records the report. */
    void check(String clusterId) {
        String requestId = "req-" + UUID.randomUUID();
        MDC.put("request_id", requestId);
        try {
            Cluster cluster = database.transaction(s -> s.createQuery("from Cluster where uuid = :u", Cluster.class)
                    .setParameter("u", clusterId).uniqueResult());
            if (cluster == null || !HealthClaims.CHECKED.contains(cluster.status)) {
                return;
            }
            ClusterTemplate template = database.transaction(s -> s.createQuery(
                    "from ClusterTemplate where uuid = :u", ClusterTemplate.class)
                    .setParameter("u", cluster.clusterTemplateId).uniqueResult());
            HealthView view = new HealthView(database, cluster, template,
                    providers.named(cluster.provider).orElse(null), services, requestId);
            List<ClusterNode> nodes = view.nodes();
            HealthReport report = report(view, template);
            recorder.record(cluster, nodes, report, requestId, Instant.now());
            LOG.debug("event=health_checked cluster={} health={} unhealthy_nodes={}", clusterId, report.status(),
                    report.nodes().values().stream().filter(n -> n.status() != HealthReport.Status.HEALTHY).count());
        } catch (RuntimeException e) {
            LOG.warn("event=health_check_failed cluster={} error=\"{}\"", clusterId, e.getMessage(), e);
        } finally {
            MDC.remove("request_id");
        }
    }

    private HealthReport report(HealthView view, ClusterTemplate template) {
        Optional<ClusterDriver> driver = Optional.ofNullable(template).flatMap(drivers::forTemplate);
        if (driver.isEmpty()) {
            return HealthReport.unknown("no driver for this cluster's type is installed on this conductor");
        }
        Provider provider = view.provider();
        if (provider == null) {
            return HealthReport.unknown("provider " + view.cluster().provider + " is not enabled on this conductor");
        }
        try {
            return driver.get().health(view);
        } catch (Exception e) {
            return HealthReport.unknown(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
