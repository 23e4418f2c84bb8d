package io.caas.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationPublisherUnreachableTest {
    @Test
    void publishingToABrokerThatIsNotThereFailsWithWhatToDo() throws Exception {
        int unusedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unusedPort = probe.getLocalPort();
        }
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse("""
                [oslo_messaging_rabbit]
                rabbit_port = %d
                rabbit_password = s3cret-pw
                [amqp]
                connection_timeout_seconds = 2
                """.formatted(unusedPort), Map.of()));

        try (OperationPublisher publisher = new OperationPublisher(settings, ConductorQueue.DEFAULT, "caas-api-test")) {
            assertThatThrownBy(() -> publisher.publish(new OperationMessage("op-1", "req-1")))
                    .isInstanceOf(PublishFailedException.class)
                    .hasMessageContaining("op-1")
                    .hasMessageContaining("127.0.0.1:" + unusedPort)
                    .hasMessageContaining("PENDING")
                    .hasMessageNotContaining("s3cret-pw");
            // still failing, not wedged, on the next try
            assertThatThrownBy(() -> publisher.publish(new OperationMessage("op-2", "req-2")))
                    .isInstanceOf(PublishFailedException.class);
        }
    }

    @Test
    void aConsumerThatCannotConnectSaysWhere() throws Exception {
        int unusedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unusedPort = probe.getLocalPort();
        }
        AmqpSettings settings = AmqpSettings.from(CaasConfig.parse(
                "[amqp]\nurl = amqp://guest:guest@127.0.0.1:" + unusedPort + "/\n", Map.of()));
        OperationConsumer consumer = new OperationConsumer(settings, ConductorQueue.DEFAULT, message -> { }, "c");

        assertThatThrownBy(consumer::start)
                .hasMessageContaining("127.0.0.1:" + unusedPort)
                .hasMessageContaining("check that it is running");
        consumer.stop(java.time.Duration.ZERO);
        assertThat(settings.port()).isEqualTo(unusedPort);
    }
}
