package io.caas.core.rpc;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * The one durable queue the conductors compete on. Declaring is idempotent (same name, same flags), so the API
 * and every conductor declare it on connect and nobody depends on start-up order. No broker-side dead-letter
 * queue: the cluster_operation table is the record of what is owed, and RabbitMQ's dead-lettering has no
 * equivalent in the embedded broker used by {@code caas dev}.
 */
public record ConductorQueue(String name) {
    public static final ConductorQueue DEFAULT = new ConductorQueue("caas.conductor");

    public ConductorQueue {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("A queue name must be 1 to 255 characters, not '" + name + "'");
        }
    }

    void declare(Channel channel) throws IOException {
        channel.queueDeclare(name, true, false, false, null);
    }
}
