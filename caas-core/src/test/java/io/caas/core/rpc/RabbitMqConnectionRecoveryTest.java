package io.caas.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.core.config.CaasConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker drops the API's and the conductor's connections (what they see when RabbitMQ restarts): both
 * reconnect by themselves and the next operation still flows. Restarting the shared RabbitMQ itself would
 * disturb everything else using it, so only our own connections are closed.
 */
class RabbitMqConnectionRecoveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void publisherAndConsumerReconnectAfterTheBrokerDropsThem() throws Exception {
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("""
                [amqp]
                recovery_interval_ms = 200
                confirm_timeout_seconds = 2
                """, Map.of()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<OperationMessage> received = new LinkedBlockingQueue<>();
        try (BrokerAdmin admin = new BrokerAdmin(settings)) {
            ConductorQueue queue = admin.uniqueQueue();
            try (OperationPublisher publisher = new OperationPublisher(settings, queue, "caas-api-" + suffix);
                 OperationConsumer consumer = new OperationConsumer(settings, queue, received::add, "conductor-" + suffix)) {
                consumer.start();
                OperationMessage before = operation();
                publisher.publish(before);
                assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(before);

                assertThat(RabbitMqControl.closeConnectionsNamed("caas-api-" + suffix)).isEqualTo(1);
                assertThat(RabbitMqControl.closeConnectionsNamed("conductor-" + suffix)).isEqualTo(1);

                OperationMessage after = operation();
                Await.until("the publisher reconnected", PATIENCE, () -> publishes(publisher, after));
                assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .as("the consumer was re-registered").isEqualTo(after);
                assertThat(admin.consumers(queue)).isEqualTo(1);
            }
        }
    }

    private static boolean publishes(OperationPublisher publisher, OperationMessage message) {
        try {
            publisher.publish(message);
            return true;
        } catch (PublishFailedException stillRecovering) {
            return false;
        }
    }

    private static OperationMessage operation() {
        return new OperationMessage(UUID.randomUUID().toString(), "req-" + UUID.randomUUID());
    }
}
