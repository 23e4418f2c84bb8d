package io.caas.conductor;

import io.caas.conductor.health.HealthChecks;
import io.caas.core.model.ClusterOperation;
import io.caas.core.persistence.Database;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conductor process: its heartbeat, its sweeper, and the runner the AMQP consumer hands operations to.
 * Several conductors share one database and one queue; leases keep them off each other's clusters.
 */
public final class Conductor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);

    private final ConductorSettings settings;
    private final ScheduledExecutorService timers;
    private final OperationRunner runner;
    private final Heartbeat heartbeat;
    private final OperationSweeper sweeper;
    private final Database database;
    private final Consumer<ClusterOperation> publisher;
    private final HealthChecks health;

    public Conductor(ConductorSettings settings, Database database, DriverRegistry drivers, ProviderRegistry providers,
                     DriverServices services, Consumer<ClusterOperation> publisher) {
        this.settings = settings;
        this.database = database;
        this.publisher = publisher;
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "conductor-timer");
            t.setDaemon(true);
            return t;
        });
        ClusterLeases leases = new ClusterLeases(database, settings.host(), settings.leaseTime());
        this.runner = new OperationRunner(database, leases, drivers, providers, timers, settings.leaseTime(),
                services);
        this.heartbeat = new Heartbeat(database, settings.host());
        this.sweeper = new OperationSweeper(database, leases, runner, publisher, settings.republishAfter());
        this.health = new HealthChecks(settings.health(), settings.host(), database, drivers, providers, services.all());
    }

    public void start() {
        heartbeat.run();
        timers.scheduleWithFixedDelay(heartbeat, settings.heartbeatInterval().toMillis(),
                settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(sweeper, settings.sweepInterval().toMillis(),
                settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
        long tick = settings.health().tick().toMillis();
        timers.scheduleWithFixedDelay(health, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("event=conductor_started host={} heartbeat_s={} lease_s={} health_interval_ms={}", settings.host(),
                settings.heartbeatInterval().toSeconds(), settings.leaseTime().toSeconds(),
                settings.health().interval().toMillis());
    }

    /**
     * Also runs auto-heal's trigger every sweep interval: nodes UNHEALTHY for longer than {@code grace} in clusters
     * labelled auto_healing_enabled=true get a heal operation.
     */
    public void startAutoHeal(Duration grace) {
        timers.scheduleWithFixedDelay(new AutoHealPass(database, grace, publisher), settings.sweepInterval().toMillis(),
                settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event=auto_heal_started host={} grace_s={}", settings.host(), grace.toSeconds());
    }

    /** Where the AMQP consumer hands each delivered operation; returns when the operation is finished or deferred. */
    public OperationRunner runner() {
        return runner;
    }

    /** One sweep now, as the timer would do it; for an operator command and for tests. */
    public void sweepNow() {
        sweeper.run();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        health.close();
        LOG.info("event=conductor_stopped host={}", settings.host());
    }
}
