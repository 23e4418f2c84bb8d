package io.caas.server;

import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.rpc.AmqpSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A production conductor process: shares MariaDB and RabbitMQ with the API processes and other conductors. */
@Command(name = "conductor", description = "Run a conductor (production: one or more per controller).")
final class ConductorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        CaasConfig cfg = config.load();
        Database database = Database.open(cfg);
        ClusterSecurity security = ClusterSecurity.open(cfg, database);
        ConductorRole role = ConductorRole.start(cfg, database, security, AmqpSettings.from(cfg),
                DriverRegistry.fromClassPath(), ProviderRegistry.fromConfig(cfg, security.secrets()));
        awaitShutdown(() -> {
            role.close();
            database.close();
        });
        return 0;
    }

    /**
     * Runs {@code stop} on SIGTERM/SIGINT and never returns: the JVM exits once the hook is done (returning to
     * main would call System.exit from inside the shutdown and hang).
     */
    static void awaitShutdown(Runnable stop) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "caas-shutdown"));
        new CountDownLatch(1).await();
    }
}
