package io.caas.api.externalca;

import io.caas.api.ca.IssuedCertificateLog;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.ClusterStatus;
import io.caas.core.persistence.Database;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.DurationText;
import io.caas.core.secrets.ClusterSecrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one external CA listener open per cluster that has an {@code external_ca_port} and is not
 * DELETE_COMPLETE or gone, as the API process sees the cluster table every {@code [external_ca]
 * reconcile_interval_ms}. A port that cannot be bound now (still held, say) is tried again on the next pass.
 */
public final class ExternalCaListeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalCaListeners.class);

    private final Database database;
    private final ExternalCaServer server;
    private final String bindHost;
    private final Duration interval;
    private final Map<String, Integer> open = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "external-ca-listeners");
        thread.setDaemon(true);
        return thread;
    });

    public ExternalCaListeners(Database database, ExternalCaServer server, String bindHost, Duration interval) {
        this.database = database;
        this.server = server;
        this.bindHost = bindHost;
        this.interval = interval;
    }

    /**
     * The listeners as the API process runs them: {@code [external_ca] bind_host} (0.0.0.0), {@code advertise_host}
     * (else each cluster's secret {@value DatabaseCaDirectory#ENDPOINT_HOST}), {@code endpoint_cert_expiry} (365d),
     * {@code reconcile_interval_ms} (1000); node certificates live {@code [certificates] node_cert_expiry} (90d)
     * unless the cluster's cert_expiry label says otherwise. Call {@link #start()}.
     */
    public static ExternalCaListeners forConfig(CaasConfig config, Database database, ClusterCaStore caStore,
                                                ClusterSecrets secrets) {
        Clock clock = Clock.systemUTC();
        DatabaseCaDirectory directory = new DatabaseCaDirectory(database, caStore, secrets,
                config.get("external_ca", "advertise_host").filter(host -> !host.isBlank()),
                DurationText.parse(config.get("certificates", "node_cert_expiry", "90d")),
                DurationText.parse(config.get("external_ca", "endpoint_cert_expiry", "365d")), clock);
        ExternalCaServer server = new ExternalCaServer(directory, new DatabaseSigningPolicy(database),
                new DatabaseIssuanceRecorder(new IssuedCertificateLog(database, clock)), clock);
        return new ExternalCaListeners(database, server, config.get("external_ca", "bind_host", "0.0.0.0"),
                Duration.ofMillis(config.getInt("external_ca", "reconcile_interval_ms", 1000)));
    }

    public ExternalCaListeners start() {
        scheduler.scheduleWithFixedDelay(this::reconcileQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass: opens the listeners of new clusters, closes those of clusters gone or moved to another port. */
    public synchronized void reconcile() {
        Map<String, Integer> wanted = new HashMap<>();
        database.transaction(s -> s.createSelectionQuery("select c.uuid, c.externalCaPort from Cluster c "
                        + "where c.externalCaPort is not null and (c.status is null or c.status <> :done)", Object[].class)
                .setParameter("done", ClusterStatus.DELETE_COMPLETE).getResultList())
                .forEach(row -> wanted.put((String) row[0], (Integer) row[1]));
        for (Map.Entry<String, Integer> listening : Map.copyOf(open).entrySet()) {
            if (!listening.getValue().equals(wanted.get(listening.getKey()))) {
                server.close(listening.getKey());
                open.remove(listening.getKey());
            }
        }
        wanted.forEach((cluster, port) -> {
            if (!open.containsKey(cluster)) {
                try {
                    server.open(cluster, new InetSocketAddress(bindHost, port));
                    open.put(cluster, port);
                } catch (IOException e) {
                    LOG.warn("event=external_ca_bind_failed cluster={} host={} port={} reason=\"{}\"; retrying on the "
                            + "next pass", cluster, bindHost, port, e.getMessage());
                }
            }
        });
    }

    /** Cluster uuid to port of every listener open now. */
    public synchronized Map<String, Integer> listening() {
        return Map.copyOf(open);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // the database may be briefly away; the next pass tries again
            LOG.warn("event=external_ca_reconcile_failed reason=\"{}\"", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        server.close();
        open.clear();
    }
}
