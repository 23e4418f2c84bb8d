package io.caas.server.admin;

/**
 * HAProxy timeouts. {@code httpRequest} bounds how long a client may take to send its request headers (slowloris);
 * {@code tunnel} bounds an idle external-CA TLS connection passed through in TCP mode.
 */
public record ProxyTimeouts(String connect, String client, String server, String httpRequest, String queue,
                            String check, String tunnel) {
    public ProxyTimeouts {
        connect = InventoryValues.duration("timeouts.connect", connect);
        client = InventoryValues.duration("timeouts.client", client);
        server = InventoryValues.duration("timeouts.server", server);
        httpRequest = InventoryValues.duration("timeouts.http_request", httpRequest);
        queue = InventoryValues.duration("timeouts.queue", queue);
        check = InventoryValues.duration("timeouts.check", check);
        tunnel = InventoryValues.duration("timeouts.tunnel", tunnel);
    }

    public static ProxyTimeouts defaults() {
        return new ProxyTimeouts("5s", "60s", "120s", "10s", "30s", "5s", "5m");
    }
}
