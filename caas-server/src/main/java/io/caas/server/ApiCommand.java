package io.caas.server;

import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.rpc.AmqpSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A production API process; run several behind HAProxy, all on one MariaDB and one RabbitMQ. */
@Command(name = "api", description = "Run the Magnum v1 API (production: one per controller, behind HAProxy).")
final class ApiCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        CaasConfig cfg = config.load();
        Database database = Database.open(cfg);
        ApiRole role = ApiRole.start(cfg, database, ClusterSecurity.open(cfg, database), AmqpSettings.from(cfg),
                DriverRegistry.fromClassPath().keys(), new ProviderCatalogues(ProviderRegistry.fromConfig(cfg)));
        ConductorCommand.awaitShutdown(() -> {
            try {
                role.close();
            } catch (Exception e) {
                System.err.println("caas api: error while stopping: " + e.getMessage());
            }
            database.close();
        });
        return 0;
    }
}
