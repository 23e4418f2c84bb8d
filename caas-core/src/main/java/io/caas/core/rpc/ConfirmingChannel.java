package io.caas.core.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A channel in publisher-confirm mode used by one thread at a time, so "was my message returned?" has a
 * single answer. A confirm alone is not enough: RabbitMQ also confirms a message it could not route (queue
 * deleted) after returning it, and returns always arrive before the confirm. (Broker-J nacks it instead,
 * which fails the confirm wait; the channel is then replaced, and a new channel declares the queue.)
 */
final class ConfirmingChannel {
    private final Channel channel;
    private final ConductorQueue queue;
    private volatile boolean returned;

    ConfirmingChannel(Connection connection, ConductorQueue queue) throws IOException {
        Channel created = connection.createChannel();
        if (created == null) {
            throw new IOException("The broker refused another channel (channel_max reached)");
        }
        this.channel = created;
        this.queue = queue;
        channel.confirmSelect();
        channel.addReturnListener(returnedMessage -> returned = true);
        queue.declare(channel);
    }

    /** @throws UnroutableException when the queue was gone; it is declared again for the next publish */
    void publish(AMQP.BasicProperties properties, byte[] body, Duration confirmTimeout)
            throws IOException, TimeoutException, InterruptedException {
        returned = false;
        channel.basicPublish("", queue.name(), true, properties, body);
        channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
        if (returned) {
            queue.declare(channel);
            throw new UnroutableException("queue " + queue.name() + " did not exist (deleted by hand?); declared it again");
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    void discard() {
        try {
            if (channel.isOpen()) {
                channel.abort();
            }
        } catch (IOException e) {
            // the channel is being thrown away; a failure to close it changes nothing
        }
    }

    static final class UnroutableException extends IOException {
        UnroutableException(String message) {
            super(message);
        }
    }
}
