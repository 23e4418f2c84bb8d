package io.caas.api.v1;

import io.caas.api.store.Clusters;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.Cluster;
import io.caas.core.secrets.ClusterSecretNames;
import io.caas.core.secrets.ClusterSecrets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * caas extension for clusters with the autolock label: the owner reads the swarm's unlock key caas keeps in escrow
 * (GET /v1/clusters/{id}/unlock_key), under its own policy rule, admin or the cluster's project by default. Its path
 * is the whole extension path: a root resource on v1/clusters/{ident} would take GET /v1/clusters/{id} from
 * ClustersResource, since JAX-RS picks the root with the longest literal prefix and never backtracks.
 */
@Path("v1/clusters/{ident}/unlock_key")
public final class UnlockKeyResource {
    private final ApiContext context;
    private final ClusterSecrets secrets;

    public UnlockKeyResource(ApiContext context, ClusterSecrets secrets) {
        this.context = context;
        this.secrets = secrets;
    }

    @GET
    public Response unlockKey(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        Cluster cluster = context.database().transaction(session -> Clusters.find(session, ident, caller));
        context.authorizer().enforce("cluster:get_unlock_key", caller, cluster.projectId, cluster.userId);
        requireAutolock(cluster);
        String key = secrets.get(cluster.uuid, ClusterSecretNames.UNLOCK_KEY).orElseThrow(() -> ApiException.notFound(
                "Cluster " + cluster.uuid + " has no unlock key yet: swarm gets one when the create reaches autolock;"
                        + " retry once the cluster is CREATE_COMPLETE"));
        return Json.ok(Map.of("cluster_uuid", cluster.uuid, "unlock_key", key));
    }

    static void requireAutolock(Cluster cluster) {
        String autolock = cluster.labels == null ? null : cluster.labels.get("autolock");
        if (autolock == null || !"true".equals(autolock.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("Cluster " + cluster.uuid + " does not use swarm autolock, so it has no"
                    + " unlock key; create a cluster with the label autolock=true");
        }
    }
}
