package io.caas.core.rpc;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens broker connections that heal themselves: after a broker restart they reconnect and re-declare queues
 * and consumers (automatic + topology recovery), so neither the API nor a conductor needs restarting. */
final class AmqpConnections {
    private static final Logger log = LoggerFactory.getLogger(AmqpConnections.class);

    private AmqpConnections() {
    }

    static Connection open(AmqpSettings settings, String connectionName) throws IOException, TimeoutException {
        Connection connection = factory(settings).newConnection(connectionName);
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                log.warn("amqp connection lost, reconnecting connection={} broker={} retry_ms={}",
                        connectionName, settings.address(), settings.recoveryInterval().toMillis());
            }

            @Override
            public void handleRecovery(Recoverable recoverable) {
                log.info("amqp connection recovered connection={} broker={}", connectionName, settings.address());
            }
        });
        return connection;
    }

    static ConnectionFactory factory(AmqpSettings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setVirtualHost(settings.virtualHost());
        // oslo's threshold is when a silent peer counts as dead; the client declares that after two missed beats
        factory.setRequestedHeartbeat((int) settings.heartbeatTimeout().toSeconds() / 2);
        factory.setConnectionTimeout((int) settings.connectionTimeout().toMillis());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
        return factory;
    }
}
