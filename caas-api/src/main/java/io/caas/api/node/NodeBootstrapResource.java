package io.caas.api.node;

import io.caas.api.ca.IssuedCertificateLog;
import io.caas.api.web.ApiException;
import io.caas.core.config.CaasConfig;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.ClusterStatus;
import io.caas.core.node.NodeProgress;
import io.caas.core.persistence.Database;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.DurationText;
import io.caas.core.secrets.ClusterSecrets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls a bootstrapping node makes (see swarm-node.sh's header): progress, its Engine API certificate, and its
 * join material; and the one its agent keeps making afterwards: which root its Engine API should be on.
 * Authenticated only by the node's bearer token ({@link NodeCredentials}); Keystone never sees them.
 */
@Path("v1/clusters/{cluster}/nodes/{node}")
public final class NodeBootstrapResource {
    /** The paths this resource serves, which the tenant authentication filter leaves alone. */
    public static final Pattern PATHS =
            Pattern.compile("/*v1/clusters/[^/]+/nodes/[^/]+/(progress|engine-cert|join|engine-tls)/*");
    private static final Logger LOG = LoggerFactory.getLogger(NodeBootstrapResource.class);
    private static final int BUSY_POLL_SECONDS = 1;
    private static final int IDLE_POLL_SECONDS = 15;

    private final Database database;
    private final ClusterCaStore caStore;
    private final NodeCredentials credentials;
    private final EngineCertificates engineCertificates;
    private final ClusterSecrets secrets;
    private final Clock clock;

    NodeBootstrapResource(Database database, ClusterCaStore caStore, EngineCertificates engineCertificates,
                          ClusterSecrets secrets, Clock clock) {
        this.database = database;
        this.caStore = caStore;
        this.credentials = new NodeCredentials(database);
        this.engineCertificates = engineCertificates;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The resource as the API process runs it: engine certificates live {@code [certificates] engine_cert_expiry} (365d). */
    public static NodeBootstrapResource create(CaasConfig config, Database database, ClusterCaStore caStore,
                                               ClusterSecrets secrets, IssuedCertificateLog log) {
        Duration validity = DurationText.parse(config.get("certificates", "engine_cert_expiry", "365d"));
        return new NodeBootstrapResource(database, caStore, new EngineCertificates(caStore, log, validity), secrets,
                Clock.systemUTC());
    }

    public static boolean serves(String path) {
        return PATHS.matcher(path).matches();
    }

    @POST
    @Path("progress")
    public Response progress(@PathParam("cluster") String cluster, @PathParam("node") String nodeName,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        ClusterNode node = credentials.authenticate(cluster, nodeName, authorization).node();
        NodeProgress progress;
        try {
            progress = NodeProgress.parse(body);
        } catch (IllegalArgumentException invalid) {
            throw ApiException.badRequest(invalid.getMessage());
        }
        database.execute(s -> s.createMutationQuery(
                        "update ClusterNode n set n.state = :state, n.message = :message, n.updatedAt = :now where n.id = :id")
                .setParameter("state", progress.state()).setParameter("message", progress.message())
                .setParameter("now", clock.instant()).setParameter("id", node.id).executeUpdate());
        LOG.info("event=node_progress cluster={} node={} state={}", cluster, nodeName, progress.state());
        return Response.noContent().build();
    }

    @POST
    @Path("engine-cert")
    public Response engineCertificate(@PathParam("cluster") String cluster, @PathParam("node") String nodeName,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @QueryParam("address") String address, String csrPem) {
        BootstrapNode caller = credentials.authenticate(cluster, nodeName, authorization);
        return Response.ok(engineCertificates.sign(caller, address, csrPem), MediaType.TEXT_PLAIN_TYPE).build();
    }

    @GET
    @Path("join")
    public Response join(@PathParam("cluster") String cluster, @PathParam("node") String nodeName,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ClusterNode node = credentials.authenticate(cluster, nodeName, authorization).node();
        String material = secrets.get(cluster, io.caas.core.secrets.ClusterSecretNames.joinReply(node.role)).orElseThrow(() -> ApiException.notFound(
                "The join material for " + node.role + " nodes of cluster " + cluster
                        + " is not ready yet; retry until the first manager's swarm runs on the cluster CA."));
        LOG.info("event=node_join_served cluster={} node={} role={}", cluster, nodeName, node.role);
        return Response.ok(material, MediaType.TEXT_PLAIN_TYPE).build();
    }

    /**
     * The root caas wants this node's Engine API on (its certificate and client CA), polled by the node agent: 204
     * while caas wants no change, the root's PEM once a CA rotation asks the node to move. Retry-After sets the
     * agent's pace: every second while the cluster is being updated (a rotation waits on its agents), rarely else.
     */
    @GET
    @Path("engine-tls")
    public Response engineTls(@PathParam("cluster") String cluster, @PathParam("node") String nodeName,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BootstrapNode caller = credentials.authenticate(cluster, nodeName, authorization);
        ClusterNode node = caller.node();
        int pollSeconds = caller.cluster().status == ClusterStatus.UPDATE_IN_PROGRESS
                ? BUSY_POLL_SECONDS : IDLE_POLL_SECONDS;
        if (node.engineTlsGeneration == null) {
            return Response.noContent().header(HttpHeaders.RETRY_AFTER, pollSeconds).build();
        }
        String root = caStore.generation(cluster, node.engineTlsGeneration).orElseThrow(() -> ApiException.notFound(
                "Root generation " + node.engineTlsGeneration + " of cluster " + cluster + " is gone; rotate the CA again."))
                .certificatePem();
        return Response.ok(root, MediaType.TEXT_PLAIN_TYPE).header(HttpHeaders.RETRY_AFTER, pollSeconds).build();
    }
}
