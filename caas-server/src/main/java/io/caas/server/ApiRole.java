package io.caas.server;

import io.caas.api.externalca.ExternalCaListeners;
import io.caas.api.web.ApiServer;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.ClusterOperation;
import io.caas.core.persistence.Database;
import io.caas.core.rpc.AmqpSettings;
import io.caas.core.rpc.ConductorQueue;
import io.caas.core.rpc.OperationMessage;
import io.caas.core.rpc.OperationPublisher;
import io.caas.core.spi.DriverKey;
import java.util.Set;

/** The API role: the Magnum v1 API, the nodes' bootstrap calls, and every cluster's external CA listener. */
final class ApiRole implements AutoCloseable {
    private final OperationPublisher publisher;
    private final ApiServer.Handle server;
    private final AutoCloseable externalCa;

    private ApiRole(OperationPublisher publisher, ApiServer.Handle server, AutoCloseable externalCa) {
        this.publisher = publisher;
        this.server = server;
        this.externalCa = externalCa;
    }

    static ApiRole start(CaasConfig config, Database database, ClusterSecurity security, AmqpSettings amqp,
                         Set<DriverKey> drivers, ProviderCatalogues catalogues) {
        OperationPublisher publisher = new OperationPublisher(amqp, ConductorQueue.DEFAULT, "caas-api");
        ApiServer.Handle server = ApiServer.forConfig(config, database, catalogues, drivers,
                        (ClusterOperation op) -> publisher.publish(new OperationMessage(op.uuid, op.requestId)),
                        security.roots(), security.secrets())
                .start();
        AutoCloseable externalCa = ExternalCaListeners.forConfig(config, database, security.roots(), security.secrets()).start();
        return new ApiRole(publisher, server, externalCa);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        externalCa.close();
        publisher.close();
    }
}
