package io.caas.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import io.caas.core.rpc.AmqpSettings;
import io.caas.core.rpc.Await;
import io.caas.core.rpc.ConductorQueue;
import io.caas.core.rpc.OperationConsumer;
import io.caas.core.rpc.OperationMessage;
import io.caas.core.rpc.OperationPublisher;
import io.caas.core.rpc.PublishFailedException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerRestartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void publisherAndConsumerCarryOnAfterTheBrokerRestarts() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(0)) {
            broker.start();
            int port = broker.port();
            AmqpSettings settings = broker.connectionSettings(AmqpSettings.from(CaasConfig.parse("""
                    [amqp]
                    recovery_interval_ms = 200
                    connection_timeout_seconds = 2
                    confirm_timeout_seconds = 2
                    """, Map.of())));
            ConductorQueue queue = new ConductorQueue("caas.test." + UUID.randomUUID());
            BlockingQueue<OperationMessage> received = new LinkedBlockingQueue<>();
            try (OperationPublisher publisher = new OperationPublisher(settings, queue, "caas-api-test");
                 OperationConsumer consumer = new OperationConsumer(settings, queue, received::add, "conductor-test")) {
                consumer.start();
                OperationMessage before = operation();
                publisher.publish(before);
                assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(before);

                broker.stop();
                assertThatThrownBy(() -> publisher.publish(operation()))
                        .isInstanceOf(PublishFailedException.class)
                        .hasMessageContaining("PENDING");

                broker.start();
                assertThat(broker.port()).as("same port, so clients find it again").isEqualTo(port);
                OperationMessage after = operation();
                Await.until("the publisher reconnected", PATIENCE, () -> publishes(publisher, after));
                assertThat(received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .as("consumer re-registered on the re-declared queue").isEqualTo(after);
            }
        }
    }

    @Test
    void aSecondBrokerCannotTakeATakenPort() {
        try (EmbeddedBroker first = new EmbeddedBroker(0)) {
            first.start();
            EmbeddedBroker second = new EmbeddedBroker(first.port());

            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port())
                    .hasMessageContaining("choose another one");
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
