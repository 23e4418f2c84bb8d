package io.caas.core.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Date;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes accepted operations for the conductors. Each publish is persistent and waits for the broker's
 * confirm, so a normal return means the broker has the message; anything else is a
 * {@link PublishFailedException} and the operation stays PENDING for the sweeper. Safe for many threads:
 * a thread borrows an idle confirm channel (or opens one) and gives it back after its confirm. The
 * connection is opened on first use, so the API starts even while the broker is down, and recovers by
 * itself after a broker restart.
 */
public final class OperationPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationPublisher.class);

    private final AmqpSettings settings;
    private final ConductorQueue queue;
    private final String connectionName;
    private final ConcurrentLinkedQueue<ConfirmingChannel> idleChannels = new ConcurrentLinkedQueue<>();
    private final Object connectionLock = new Object();
    private Connection connection;
    private boolean closed;

    public OperationPublisher(AmqpSettings settings, ConductorQueue queue, String connectionName) {
        this.settings = settings;
        this.queue = queue;
        this.connectionName = connectionName;
    }

    public void publish(OperationMessage message) throws PublishFailedException {
        ConfirmingChannel channel = null;
        try {
            channel = borrowChannel();
            channel.publish(properties(message), OperationMessageCodec.encode(message), settings.confirmTimeout());
            idleChannels.add(channel);
            channel = null;
            log.info("operation published operation={} request_id={} queue={}",
                    message.operationUuid(), message.requestId(), queue.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(message, "interrupted while waiting for the broker's confirm", e);
        } catch (TimeoutException e) {
            throw failure(message, "no confirm within " + settings.confirmTimeout().toSeconds() + " s", e);
        } catch (IOException | ShutdownSignalException e) {
            throw failure(message, describe(e), e);
        } finally {
            if (channel != null) {
                channel.discard();
            }
        }
    }

    private ConfirmingChannel borrowChannel() throws IOException {
        ConfirmingChannel idle;
        while ((idle = idleChannels.poll()) != null) {
            if (idle.isOpen()) {
                return idle;
            }
        }
        return new ConfirmingChannel(connection(), queue);
    }

    private Connection connection() throws IOException {
        synchronized (connectionLock) {
            if (closed) {
                throw new IOException("the publisher is closed (caas is shutting down)");
            }
            // once opened, the connection reconnects by itself; only a never-established one is retried here
            if (connection == null) {
                try {
                    connection = AmqpConnections.open(settings, connectionName);
                } catch (TimeoutException e) {
                    throw new IOException("the broker did not complete the AMQP handshake within "
                            + settings.connectionTimeout().toSeconds() + " s", e);
                }
                log.info("amqp connected role=publisher broker={}", settings.address());
            }
            return connection;
        }
    }

    private static AMQP.BasicProperties properties(OperationMessage message) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(message.operationUuid())
                .correlationId(message.requestId())
                .timestamp(new Date())
                .build();
    }

    private PublishFailedException failure(OperationMessage message, String reason, Exception cause) {
        log.warn("operation publish failed operation={} request_id={} broker={} reason=\"{}\"",
                message.operationUuid(), message.requestId(), settings.address(), reason);
        return new PublishFailedException("Could not hand operation " + message.operationUuid()
                + " to the message broker at " + settings.address() + ": " + reason
                + ". Leave the operation PENDING (the sweeper republishes it); check that the broker is running and"
                + " that [oslo_messaging_rabbit] / [amqp] url point at it.", cause);
    }

    private static String describe(Exception e) {
        String text = e.getMessage();
        if (text == null && e.getCause() != null) {
            text = e.getCause().toString();
        }
        return text == null ? e.getClass().getSimpleName() : text;
    }

    @Override
    public void close() {
        synchronized (connectionLock) {
            closed = true;
            idleChannels.clear();
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException | ShutdownSignalException e) {
                    log.debug("amqp publisher connection was already closed reason=\"{}\"", e.getMessage());
                }
            }
        }
    }
}
