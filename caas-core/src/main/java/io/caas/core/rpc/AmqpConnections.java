package io.caas.core.rpc;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Opens broker connections that heal themselves: after a broker restart they reconnect and re-declare queues
 * and consumers (automatic + topology recovery), so neither the API nor a conductor needs restarting. */
final class AmqpConnections {
    private AmqpConnections() {
    }

    static Connection open(AmqpSettings settings, String connectionName) throws IOException, TimeoutException {
        return factory(settings).newConnection(connectionName);
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
