package io.caas.core.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A conductor's side of the queue: competes with the other conductors, runs up to {@code prefetch} operations
 * at once, and acknowledges a message only after its handler returned, so a conductor that dies mid-operation
 * leaves the message to another one.
 *
 * <p>When the handler throws, the message is requeued once (a database blip deserves a second try, and handlers
 * are idempotent); if it throws again on the redelivery, the message is dropped with an error log instead of
 * looping hot between conductors. ("Redelivery" is the broker's flag, so a message that already came back from
 * a dead conductor gets one try here, not two.) Nothing is lost by dropping: the operation is still PENDING or
 * RUNNING in cluster_operation, where the sweeper finds it. A message that is not an operation message at all is dropped
 * at once. Dropping is an ack, not a reject: Qpid Broker-J (the {@code caas dev} broker) requeues a rejected
 * message unless the queue has a delivery limit, and RabbitMQ without a dead-letter exchange discards it anyway.
 * After a broker restart the connection's automatic recovery re-registers this consumer.
 */
public final class OperationConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationConsumer.class);

    private final AmqpSettings settings;
    private final ConductorQueue queue;
    private final OperationHandler handler;
    private final String connectionName;
    private final ExecutorService workers;
    private Connection connection;
    private Channel channel;
    private String consumerTag;
    private boolean stopped;

    public OperationConsumer(AmqpSettings settings, ConductorQueue queue, OperationHandler handler,
                             String connectionName) {
        this.settings = settings;
        this.queue = queue;
        this.handler = handler;
        this.connectionName = connectionName;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.prefetch(), runnable -> {
            Thread thread = new Thread(runnable, connectionName + "-worker-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects, declares the queue and starts consuming. Call once. */
    public synchronized void start() throws IOException {
        if (connection != null || stopped) {
            throw new IllegalStateException("consumer " + connectionName + " can be started only once");
        }
        try {
            connection = AmqpConnections.open(settings, connectionName);
        } catch (TimeoutException e) {
            throw new IOException("The broker at " + settings.address() + " did not complete the AMQP handshake within "
                    + settings.connectionTimeout().toSeconds() + " s; check that it is running", e);
        } catch (IOException e) {
            throw new IOException("Cannot connect to the broker at " + settings.address() + " (" + e.getMessage()
                    + "); check that it is running and that [oslo_messaging_rabbit] / [amqp] url point at it", e);
        }
        try {
            channel = connection.createChannel();
            queue.declare(channel);
            channel.basicQos(settings.prefetch());
            consumerTag = channel.basicConsume(queue.name(), false, connectionName, new Dispatcher(channel));
        } catch (IOException | ShutdownSignalException e) {
            connection.abort();
            connection = null;
            throw new IOException("Cannot consume from queue " + queue.name() + " at " + settings.address()
                    + " (" + e.getMessage() + "); check the broker's log and the user's permissions on the vhost", e);
        }
        log.info("amqp consuming queue={} broker={} prefetch={} consumer={}",
                queue.name(), settings.address(), settings.prefetch(), connectionName);
    }

    /**
     * Stops taking new messages, lets running handlers finish for up to {@code grace}, then closes the
     * connection. Messages whose handler has not finished by then are returned to the queue by the broker.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (connection == null) {
            workers.shutdownNow();
            return;
        }
        try {
            channel.basicCancel(consumerTag);
        } catch (IOException | ShutdownSignalException e) {
            log.debug("amqp cancel failed consumer={} reason=\"{}\"", connectionName, e.getMessage());
        }
        workers.shutdown();
        boolean finished = awaitWorkers(grace);
        if (finished) {
            closeQuietly();
        } else {
            log.warn("amqp consumer stopped with handlers still running consumer={} grace_seconds={}; "
                    + "their messages go back to the queue for another conductor", connectionName, grace.toSeconds());
            connection.abort();
            workers.shutdownNow();
        }
        log.info("amqp consumer stopped consumer={}", connectionName);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private boolean awaitWorkers(Duration grace) {
        try {
            return workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (IOException | ShutdownSignalException e) {
            log.debug("amqp consumer connection was already closed consumer={}", connectionName);
        }
    }

    private void process(Channel deliveryChannel, Envelope envelope, byte[] body) {
        long tag = envelope.getDeliveryTag();
        OperationMessage message;
        try {
            message = OperationMessageCodec.decode(body);
        } catch (OperationMessageCodec.MalformedMessageException e) {
            log.error("amqp message dropped: not an operation message queue={} reason=\"{}\"", queue.name(), e.getMessage());
            settle(() -> deliveryChannel.basicAck(tag, false));
            return;
        }
        if (message.requestId() != null) {
            MDC.put("request_id", message.requestId());
        }
        try {
            handler.handle(message);
            settle(() -> deliveryChannel.basicAck(tag, false));
        } catch (InterruptedException e) {
            // a stop whose grace ran out; the closed connection already gave the message back
            Thread.currentThread().interrupt();
            log.info("operation handler interrupted by shutdown operation={} request_id={}",
                    message.operationUuid(), message.requestId());
        } catch (Exception e) {
            if (envelope.isRedeliver()) {
                log.error("operation handler failed again, message dropped; the sweeper takes the operation from "
                        + "cluster_operation operation={} request_id={}", message.operationUuid(), message.requestId(), e);
                settle(() -> deliveryChannel.basicAck(tag, false));
            } else {
                log.warn("operation handler failed, message requeued for one more try operation={} request_id={}",
                        message.operationUuid(), message.requestId(), e);
                settle(() -> deliveryChannel.basicNack(tag, false, true));
            }
        } finally {
            MDC.remove("request_id");
        }
    }

    /** An ack that cannot reach the broker is harmless: the broker redelivers, and handlers are idempotent. */
    private void settle(Settlement settlement) {
        try {
            settlement.run();
        } catch (IOException | ShutdownSignalException e) {
            log.warn("amqp ack/nack not delivered, the broker will redeliver consumer={} reason=\"{}\"",
                    connectionName, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Settlement {
        void run() throws IOException;
    }

    private final class Dispatcher extends DefaultConsumer {
        Dispatcher(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            try {
                workers.execute(() -> process(getChannel(), envelope, body));
            } catch (RejectedExecutionException stopping) {
                settle(() -> getChannel().basicNack(envelope.getDeliveryTag(), false, true));
            }
        }

        @Override
        public void handleCancel(String tag) {
            log.warn("amqp consumer cancelled by the broker (queue deleted?) queue={} consumer={}; "
                    + "restart the conductor to consume again", queue.name(), connectionName);
        }
    }
}
