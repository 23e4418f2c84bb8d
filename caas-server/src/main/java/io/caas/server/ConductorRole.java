package io.caas.server;

import io.caas.conductor.Conductor;
import io.caas.conductor.ConductorSettings;
import io.caas.conductor.DriverRegistry;
import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.ClusterOperation;
import io.caas.core.persistence.Database;
import io.caas.core.pki.DurationText;
import io.caas.core.rpc.AmqpSettings;
import io.caas.core.rpc.ConductorQueue;
import io.caas.core.rpc.OperationConsumer;
import io.caas.core.rpc.OperationMessage;
import io.caas.core.rpc.OperationPublisher;
import io.caas.core.rpc.PublishFailedException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The conductor role: consumes operations from the queue and carries them out; sweeps and heartbeats. */
final class ConductorRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConductorRole.class);

    private final Conductor conductor;
    private final OperationPublisher republisher;
    private final OperationConsumer consumer;

    private ConductorRole(Conductor conductor, OperationPublisher republisher, OperationConsumer consumer) {
        this.conductor = conductor;
        this.republisher = republisher;
        this.consumer = consumer;
    }

    static ConductorRole start(CaasConfig config, Database database, ClusterSecurity security, AmqpSettings amqp,
                               DriverRegistry drivers, ProviderRegistry providers) throws IOException {
        ConductorSettings settings = ConductorSettings.from(config);
        OperationPublisher republisher = new OperationPublisher(amqp, ConductorQueue.DEFAULT,
                "caas-conductor-" + settings.host() + "-sweeper");
        Conductor conductor = new Conductor(settings, database, drivers, providers,
                SwarmDriverServices.create(config, database, security, providers), op -> republish(republisher, op));
        OperationConsumer consumer = new OperationConsumer(amqp, ConductorQueue.DEFAULT,
                message -> conductor.runner().run(message.operationUuid(), message.requestId()),
                "caas-conductor-" + settings.host());
        conductor.start();
        conductor.startAutoHeal(DurationText.parse(config.get("health", "auto_heal_grace", "120s")));
        consumer.start();
        return new ConductorRole(conductor, republisher, consumer);
    }

    private static void republish(OperationPublisher publisher, ClusterOperation op) {
        try {
            publisher.publish(new OperationMessage(op.uuid, op.requestId));
        } catch (PublishFailedException e) {
            // still PENDING in the database: the next sweep tries again
            LOG.warn("event=republish_failed operation={} error=\"{}\"", op.uuid, e.getMessage());
        }
    }

    @Override
    public void close() {
        consumer.stop(Duration.ofSeconds(30));
        conductor.close();
        republisher.close();
    }
}
