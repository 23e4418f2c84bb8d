package io.caas.server;

import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.rpc.AmqpSettings;
import io.caas.server.embedded.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every role of caas in one process over an embedded broker: what `caas dev` runs, and what end-to-end tests start. */
public final class DevStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private final EmbeddedBroker broker;
    private final Database database;
    private final ConductorRole conductor;
    private final ApiRole api;
    private final ProviderRegistry providers;

    private DevStack(EmbeddedBroker broker, Database database, ConductorRole conductor, ApiRole api,
                     ProviderRegistry providers) {
        this.providers = providers;
        this.broker = broker;
        this.database = database;
        this.conductor = conductor;
        this.api = api;
    }

    public static DevStack start(CaasConfig config) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(0);
        broker.start();
        Database database = Database.open(config);
        ClusterSecurity security = ClusterSecurity.open(config, database);
        ProviderRegistry providers = ProviderRegistry.fromConfig(config, security.secrets());
        DriverRegistry drivers = DriverRegistry.fromClassPath();
        AmqpSettings amqp = broker.connectionSettings(AmqpSettings.from(config));
        ConductorRole conductor = ConductorRole.start(config, database, security, amqp, drivers, providers);
        ApiRole api = ApiRole.start(config, database, security, amqp, drivers.keys(), new ProviderCatalogues(providers));
        return new DevStack(broker, database, conductor, api, providers);
    }

    public int apiPort() {
        return api.port();
    }

    public Database database() {
        return database;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    @Override
    public void close() {
        try {
            api.close();
        } catch (Exception e) {
            LOG.warn("event=api_stop_failed error=\"{}\"", e.getMessage());
        }
        conductor.close();
        database.close();
        broker.close();
    }
}
