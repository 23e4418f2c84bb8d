package io.caas.api.web;

import io.caas.api.auth.Authentication;
import io.caas.api.auth.ContextCallers;
import io.caas.api.auth.LoopbackOnlyFilter;
import io.caas.api.ca.ClusterCaCertificates;
import io.caas.api.ca.IssuedCertificateLog;
import io.caas.api.node.NodeBootstrapResource;
import io.caas.api.policy.Policy;
import io.caas.api.policy.PolicyAuthorizer;
import io.caas.api.trust.ClusterTrustIssuer;
import io.caas.api.v1.ApiContext;
import io.caas.api.v1.BayModelsResource;
import io.caas.api.v1.BaysResource;
import io.caas.api.v1.Catalogues;
import io.caas.api.v1.CertificateService;
import io.caas.api.v1.CertificatesResource;
import io.caas.api.v1.ClusterTemplatesResource;
import io.caas.api.v1.ClustersResource;
import io.caas.api.v1.MagnumServicesResource;
import io.caas.api.v1.OperationSink;
import io.caas.api.v1.QuotasResource;
import io.caas.api.v1.RootResource;
import io.caas.api.v1.StatsResource;
import io.caas.api.v1.UnlockKeyResource;
import io.caas.api.v1.UnlockKeyRotationResource;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.DurationText;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.spi.DriverKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Magnum v1 API process: Jersey resources on Grizzly at [api] host:port (127.0.0.1:9511 by default). Its
 * collaborators come in through the constructor so that `caas api` and `caas dev` wire real ones and tests fakes
 * of the cloud; extra providers (the Keystone filter) are added with {@link #register} before {@link #start}.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** A running server: where it listens, and how to stop it. */
    public record Handle(HttpServer server, String host, int port) {
        public URI baseUri() {
            return URI.create("http://" + host + ":" + port);
        }

        public void stop() {
            server.shutdownNow();
            LOG.info("event=api_stopped host={} port={}", host, port);
        }
    }

    private final CaasConfig config;
    private ApiContext context;
    private final CallerResolver callerResolver;
    private final List<Object> extraComponents = new ArrayList<>();

    public ApiServer(CaasConfig config, Database database, Catalogues catalogues, Set<DriverKey> drivers,
                     OperationSink operations, CallerResolver callerResolver, Authorizer authorizer,
                     CertificateService certificates) {
        this.config = config;
        this.callerResolver = callerResolver;
        this.context = new ApiContext(database, catalogues, Set.copyOf(drivers), operations, authorizer, certificates,
                config.getInt("quotas", "max_clusters_per_project", 20),
                config.getInt("conductor", "service_down_time", 60),
                config.getInt("api", "max_limit", 1000),
                Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000)), ClusterTrustIssuer.none());
    }

    /**
     * The API as the {@code caas} command runs it: the authentication filter of {@code [api] auth_strategy}
     * (keystone or noauth), the policy of {@code [oslo_policy] policy_file} over Magnum's defaults, /v1/certificates
     * on the cluster roots in {@code caStore} (client certificates live {@code [certificates] client_cert_expiry},
     * 30d by default), and the node bootstrap calls. A noauth API listening beyond loopback serves tenant calls
     * to loopback clients only.
     */
    public static ApiServer forConfig(CaasConfig config, Database database, Catalogues catalogues, Set<DriverKey> drivers,
                                      OperationSink operations, ClusterCaStore caStore, ClusterSecrets secrets) {
        IssuedCertificateLog issued = new IssuedCertificateLog(database, Clock.systemUTC());
        CertificateService certificates = new ClusterCaCertificates(caStore, issued,
                DurationText.parse(config.get("certificates", "client_cert_expiry", "30d")));
        ApiServer server = new ApiServer(config, database, catalogues, drivers, operations, new ContextCallers(),
                new PolicyAuthorizer(Policy.load(config)), certificates);
        server.context = server.context.withTrusts(ClusterTrustIssuer.forConfig(config, secrets));
        server.register(Authentication.filter(config));
        server.register(NodeBootstrapResource.create(config, database, caStore, secrets, issued));
        server.register(new UnlockKeyResource(server.context, secrets));
        server.register(new UnlockKeyRotationResource(server.context));
        boolean noAuth = "noauth".equalsIgnoreCase(config.get("api", "auth_strategy", "keystone"));
        if (noAuth && LoopbackOnlyFilter.needed(config.get("api", "host", "127.0.0.1"))) {
            server.register(new LoopbackOnlyFilter());
        }
        return server;
    }

    /** Adds a provider (a filter, a feature) to the application; call before {@link #start}. */
    public ApiServer register(Object component) {
        extraComponents.add(component);
        return this;
    }

    public ResourceConfig resourceConfig() {
        ResourceConfig rc = new ResourceConfig();
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        rc.register(new RequestPipeline(callerResolver, new PublicUrl(config.get("api", "public_url", null))));
        rc.register(ErrorMapper.class);
        rc.register(new RootResource(context));
        rc.register(new ClusterTemplatesResource(context));
        rc.register(new BayModelsResource(context));
        rc.register(new ClustersResource(context));
        rc.register(new BaysResource(context));
        rc.register(new CertificatesResource(context));
        rc.register(new QuotasResource(context));
        rc.register(new StatsResource(context));
        rc.register(new MagnumServicesResource(context));
        // register(Object) would take a Class for an instance of java.lang.Class and never run it
        extraComponents.forEach(component -> {
            if (component instanceof Class<?> type) {
                rc.register(type);
            } else {
                rc.register(component);
            }
        });
        return rc;
    }

    public Handle start() {
        String host = config.get("api", "host", "127.0.0.1");
        int port = config.getInt("api", "port", 9511);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://" + host + ":" + port + "/"),
                resourceConfig(), false);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port
                    + "; set [api] host/port to a free address", e);
        }
        int bound = server.getListeners().iterator().next().getPort();
        LOG.info("event=api_started host={} port={}", host, bound);
        return new Handle(server, host, bound);
    }
}
