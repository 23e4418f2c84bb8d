package io.caas.server.embedded;

import io.caas.core.config.CaasConfig;
import io.caas.core.rpc.AmqpSettings;
import io.caas.core.rpc.OperationQueueContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract the RabbitMQ tests check, against the broker {@code caas dev} embeds. */
class EmbeddedQpidOperationQueueTest extends OperationQueueContract {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(0);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Override
    protected AmqpSettings brokerSettings() {
        return broker.connectionSettings(AmqpSettings.from(CaasConfig.parse("""
                [amqp]
                recovery_interval_ms = 200
                connection_timeout_seconds = 5
                """, Map.of())));
    }
}
