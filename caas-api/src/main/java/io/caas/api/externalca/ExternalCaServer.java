package io.caas.api.externalca;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * caas as each swarm's external CA (cfssl protocol), one HTTPS listener per cluster.
 *
 * <p>Why a port per cluster and not one port with SNI: swarm verifies the endpoint's certificate against the
 * cluster's own root, so each cluster needs its own server certificate, chosen before any HTTP path is read.
 * SNI would need a per-cluster host name, but nodes reach caas on an IP address (Go sends no SNI for an IP
 * URL), and a name would have to be made resolvable inside every node (an /etc/hosts entry per node and
 * provider, or DNS that a network namespace does not have). A port needs nothing on the node: the URL given
 * at swarm init is {@code https://<caas address>:<cluster port>/api/v1/cfssl/sign} and the cluster's endpoint
 * certificate carries an IP SAN for that address. The cost is one port (callers allocate and persist it, as
 * the URL is fixed in the swarm) and one acceptor thread per cluster; requests share a small pool.
 */
public final class ExternalCaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalCaServer.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ClusterCaDirectory directory;
    private final SigningPolicy policy;
    private final IssuanceRecorder recorder;
    private final Clock clock;
    private final Map<String, HttpsServer> listeners = new HashMap<>();
    private final ExecutorService requests;

    public ExternalCaServer(ClusterCaDirectory directory, SigningPolicy policy, IssuanceRecorder recorder, Clock clock) {
        this.directory = directory;
        this.policy = policy;
        this.recorder = recorder;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "external-ca-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The URL to give swarm ({@code ExternalCAs[].URL}) for a listener reachable at host:port. */
    public static URI signUrl(String host, int port) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + port + SignRequestHandler.PATH);
    }

    /**
     * Starts serving one cluster; the cluster's material is looked up per handshake and request.
     *
     * @return the bound address (its port is the one asked for, or a free one for port 0)
     */
    public synchronized InetSocketAddress open(String clusterUuid, InetSocketAddress bindAddress) throws IOException {
        if (listeners.containsKey(clusterUuid)) {
            throw new IllegalStateException("The external CA of cluster " + clusterUuid + " is already open on "
                    + listeners.get(clusterUuid).getAddress() + "; close it first");
        }
        HttpsServer server = HttpsServer.create(bindAddress, 0);
        server.setHttpsConfigurator(new MutualTls(tlsContext(clusterUuid)));
        server.createContext("/", new SignRequestHandler(clusterUuid, directory, policy, recorder));
        server.setExecutor(requests);
        server.start();
        listeners.put(clusterUuid, server);
        LOG.info("external CA listening: cluster={} address={}", clusterUuid, server.getAddress());
        return server.getAddress();
    }

    public synchronized void close(String clusterUuid) {
        HttpsServer server = listeners.remove(clusterUuid);
        if (server != null) {
            server.stop(0);
            LOG.info("external CA closed: cluster={}", clusterUuid);
        }
    }

    @Override
    public synchronized void close() {
        listeners.keySet().stream().toList().forEach(this::close);
        requests.shutdownNow();
    }

    private SSLContext tlsContext(String clusterUuid) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new EndpointKeyManager(clusterUuid, directory)},
                    new TrustManager[] {new ManagerTrustManager(clusterUuid, directory, clock)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this JVM: " + e.getMessage(), e);
        }
    }

    private static final class MutualTls extends HttpsConfigurator {
        MutualTls(SSLContext context) {
            super(context);
        }

        @Override
        public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            ssl.setProtocols(PROTOCOLS);
            parameters.setSSLParameters(ssl);
        }
    }
}
