package io.caas.core.rpc;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/** A plain client connection used by tests to look at queues from outside the code under test. */
public final class BrokerAdmin implements AutoCloseable {
    private final Connection connection;
    private final List<ConductorQueue> created = new ArrayList<>();

    public BrokerAdmin(AmqpSettings settings) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setVirtualHost(settings.virtualHost());
        factory.setAutomaticRecoveryEnabled(false);
        connection = factory.newConnection("caas-test-admin");
    }

    /** A queue name no other test uses, deleted again by {@link #close()}. */
    public ConductorQueue uniqueQueue() {
        ConductorQueue queue = new ConductorQueue("caas.test." + UUID.randomUUID());
        created.add(queue);
        return queue;
    }

    public int readyMessages(ConductorQueue queue) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue.name()).getMessageCount();
        }
    }

    public int consumers(ConductorQueue queue) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue.name()).getConsumerCount();
        }
    }

    public void deleteQueue(ConductorQueue queue) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue.name());
        }
    }

    public void publishRaw(ConductorQueue queue, String body) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            queue.declare(channel);
            channel.basicPublish("", queue.name(), MessageProperties.PERSISTENT_BASIC, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException, TimeoutException {
        try {
            for (ConductorQueue queue : created) {
                // a fresh channel each time: Broker-J closes the channel when the queue is already gone
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue.name());
                } catch (IOException | AlreadyClosedException alreadyGone) {
                    // a test deleted it on purpose
                }
            }
        } finally {
            connection.close();
        }
    }
}
