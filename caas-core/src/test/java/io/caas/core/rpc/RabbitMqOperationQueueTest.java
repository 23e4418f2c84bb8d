package io.caas.core.rpc;

import io.caas.core.config.CaasConfig;
import java.util.Map;

/** The contract against the RabbitMQ that runs on this machine (127.0.0.1:5672, guest/guest). */
class RabbitMqOperationQueueTest extends OperationQueueContract {
    @Override
    protected AmqpSettings brokerSettings() {
        return AmqpSettings.from(CaasConfig.parse("""
                [amqp]
                recovery_interval_ms = 200
                connection_timeout_seconds = 5
                """, Map.of()));
    }
}
