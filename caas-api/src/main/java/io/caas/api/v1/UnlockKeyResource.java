package io.caas.api.v1;

import io.caas.api.store.Clusters;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.secrets.ClusterSecretNames;
import io.caas.core.secrets.ClusterSecrets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * caas extension for clusters with the autolock label: the owner reads the swarm's unlock key caas keeps in escrow
 * (GET /v1/clusters/{id}/unlock_key) and has swarm make a new one (POST .../actions/rotate_unlock_key, an accepted
 * operation like resize). Both under their own policy rules, admin or the cluster's project by default.
 */
@Path("v1/clusters/{ident}")
public final class UnlockKeyResource {
    private final ApiContext context;
    private final ClusterSecrets secrets;

    public UnlockKeyResource(ApiContext context, ClusterSecrets secrets) {
        this.context = context;
        this.secrets = secrets;
    }

    @GET
    @Path("unlock_key")
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

    @POST
    @Path("actions/rotate_unlock_key")
    public Response rotate(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Instant now = context.clock().instant();
        Map.Entry<String, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:rotate_unlock_key", caller, cluster.projectId, cluster.userId);
            requireAutolock(cluster);
            if (cluster.status.inProgress()) {
                throw ApiException.conflict("Cluster " + cluster.uuid + " is " + cluster.status
                        + "; rotate its unlock key once that operation has finished");
            }
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            cluster.updatedAt = now;
            return Map.entry(cluster.uuid, Operations.record(session, cluster.uuid, ClusterAction.ROTATE_UNLOCK_KEY,
                    Map.of(), call.requestId(), now));
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, Map.of("uuid", accepted.getKey()));
    }

    private static void requireAutolock(Cluster cluster) {
        String autolock = cluster.labels == null ? null : cluster.labels.get("autolock");
        if (autolock == null || !"true".equals(autolock.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("Cluster " + cluster.uuid + " does not use swarm autolock, so it has no"
                    + " unlock key; create a cluster with the label autolock=true");
        }
    }
}
