package io.caas.core.rpc;

import io.caas.core.config.CaasConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where the broker is and how to talk to it. Read from {@code [oslo_messaging_rabbit]} (magnum.conf's names, so an
 * operator's existing values carry over); {@code [amqp] url} wins when set because one URL is easier to hand to a
 * container. {@link #toString()} never shows the password.
 */
public record AmqpSettings(
        String host,
        int port,
        String username,
        String password,
        String virtualHost,
        Duration heartbeatTimeout,
        Duration connectionTimeout,
        Duration recoveryInterval,
        Duration confirmTimeout,
        int prefetch) {

    static final String RABBIT = "oslo_messaging_rabbit";
    static final String AMQP = "amqp";

    public AmqpSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("AMQP port must be between 1 and 65535, not " + port
                    + "; fix [" + RABBIT + "] rabbit_port or the port in [" + AMQP + "] url");
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("[" + AMQP + "] prefetch must be at least 1, not " + prefetch);
        }
    }

    public static AmqpSettings from(CaasConfig config) {
        int heartbeat = config.getInt(RABBIT, "heartbeat_timeout_threshold", 60);
        Duration connectionTimeout = Duration.ofSeconds(config.getInt(AMQP, "connection_timeout_seconds", 10));
        Duration recoveryInterval = Duration.ofMillis(config.getInt(AMQP, "recovery_interval_ms", 5000));
        Duration confirmTimeout = Duration.ofSeconds(config.getInt(AMQP, "confirm_timeout_seconds", 5));
        int prefetch = config.getInt(AMQP, "prefetch", 1);
        var url = config.get(AMQP, "url").filter(u -> !u.isBlank());
        if (url.isPresent()) {
            return fromUrl(url.get(), Duration.ofSeconds(heartbeat), connectionTimeout, recoveryInterval,
                    confirmTimeout, prefetch);
        }
        return new AmqpSettings(
                config.get(RABBIT, "rabbit_host", "127.0.0.1"),
                config.getInt(RABBIT, "rabbit_port", 5672),
                config.get(RABBIT, "rabbit_userid", "guest"),
                config.get(RABBIT, "rabbit_password", "guest"),
                config.get(RABBIT, "rabbit_virtual_host", "/"),
                Duration.ofSeconds(heartbeat), connectionTimeout, recoveryInterval, confirmTimeout, prefetch);
    }

    private static AmqpSettings fromUrl(String url, Duration heartbeat, Duration connectionTimeout,
                                        Duration recoveryInterval, Duration confirmTimeout, int prefetch) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the message of URISyntaxException quotes the input, which may hold the password
            throw new IllegalArgumentException("[" + AMQP + "] url is not a valid URL; expected "
                    + "amqp://user:password@host:port/vhost (percent-encode special characters)");
        }
        if (!"amqp".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("[" + AMQP + "] url must start with amqp:// (TLS is not supported yet), "
                    + "not " + uri.getScheme() + "://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("[" + AMQP + "] url has no host; expected amqp://user:password@host:port/vhost");
        }
        String username = "guest";
        String password = "guest";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getRawPath();
        String virtualHost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        return new AmqpSettings(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort(), username, password,
                virtualHost, heartbeat, connectionTimeout, recoveryInterval, confirmTimeout, prefetch);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Where this points, fit for logs and error messages. */
    public String address() {
        return "amqp://" + username + "@" + host + ":" + port + "/" + (virtualHost.equals("/") ? "" : virtualHost);
    }

    @Override
    public String toString() {
        return "AmqpSettings[" + address() + ", password=****, heartbeatTimeout=" + heartbeatTimeout
                + ", prefetch=" + prefetch + "]";
    }
}
