package io.caas.server.embedded;

import io.caas.core.rpc.AmqpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 0-9-1 broker for {@code caas dev}: Apache Qpid Broker-J in this JVM, listening on 127.0.0.1 only,
 * everything in memory (a dev restart starts with an empty queue; the sweeper republishes what is PENDING).
 * The password is generated per process; hand {@link #connectionSettings} to the publisher and consumers.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String INITIAL_CONFIG = "qpid-initial-config.json";
    private static final String USERNAME = "caas";
    static final String VIRTUAL_HOST = "caas";

    private final String password;
    private int port;
    private SystemLauncher launcher;
    private Path workDirectory;

    /** @param port the loopback port to listen on, or 0 for any free one (kept across restarts) */
    public EmbeddedBroker(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The embedded broker's port must be 0 (any free port) or 1 to 65535, not " + port);
        }
        this.port = port;
        this.password = generatePassword();
    }

    public synchronized void start() {
        if (launcher != null) {
            return;
        }
        URL initialConfig = EmbeddedBroker.class.getResource(INITIAL_CONFIG);
        if (initialConfig == null) {
            throw new IllegalStateException("Resource " + INITIAL_CONFIG + " is missing from the caas jar; rebuild caas-server");
        }
        BoundPortListener boundPort = new BoundPortListener();
        SystemLauncher starting = new SystemLauncher(boundPort);
        try {
            workDirectory = Files.createTempDirectory("caas-embedded-broker-");
            starting.startup(startupAttributes(initialConfig));
        } catch (Exception e) {
            starting.shutdown();
            deleteWorkDirectory();
            throw new IllegalStateException("The embedded AMQP broker did not start on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); if the port is taken, choose another one or 0 for any free port", e);
        }
        launcher = starting;
        port = boundPort.amqpPort;
        log.info("embedded amqp broker started address=127.0.0.1:{} vhost={} user={}", port, VIRTUAL_HOST, USERNAME);
    }

    public synchronized void stop() {
        if (launcher == null) {
            return;
        }
        launcher.shutdown();
        launcher = null;
        deleteWorkDirectory();
        log.info("embedded amqp broker stopped address=127.0.0.1:{}", port);
    }

    @Override
    public void close() {
        stop();
    }

    /** The port it listens on; after the first start this is the real one even if 0 was asked for. */
    public synchronized int port() {
        return port;
    }

    /** {@code base}'s timeouts and prefetch, pointed at this broker. */
    public synchronized AmqpSettings connectionSettings(AmqpSettings base) {
        if (port == 0) {
            throw new IllegalStateException("Start the embedded broker before asking where it listens");
        }
        return new AmqpSettings("127.0.0.1", port, USERNAME, password, VIRTUAL_HOST, base.heartbeatTimeout(),
                base.connectionTimeout(), base.recoveryInterval(), base.confirmTimeout(), base.prefetch());
    }

    private Map<String, Object> startupAttributes(URL initialConfig) {
        Map<String, String> context = new HashMap<>();
        context.put("caas.embedded.amqp_port", Integer.toString(port));
        context.put("caas.embedded.username", USERNAME);
        context.put("caas.embedded.password", password);
        context.put(SystemConfig.QPID_WORK_DIR, workDirectory.toString());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, initialConfig.toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.CONTEXT, context);
        return attributes;
    }

    private void deleteWorkDirectory() {
        if (workDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the embedded broker's work directory " + workDirectory, e);
        }
        workDirectory = null;
    }

    private static String generatePassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Reads the port the broker really bound, which differs from the configured one when that was 0. */
    private static final class BoundPortListener extends SystemLauncherListener.DefaultSystemLauncherListener {
        private SystemConfig<?> systemConfig;
        private int amqpPort;

        @Override
        public void onContainerResolve(SystemConfig<?> resolved) {
            systemConfig = resolved;
        }

        @Override
        public void afterStartup() {
            Broker<?> broker = (Broker<?>) systemConfig.getContainer(Broker.class);
            for (Port<?> candidate : broker.getPorts()) {
                if ("AMQP".equals(candidate.getName())) {
                    amqpPort = candidate.getBoundPort();
                }
            }
            if (amqpPort <= 0) {
                throw new IllegalStateException("The embedded broker started without its AMQP port");
            }
        }
    }
}
