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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * caas extension: POST /v1/clusters/{id}/actions/rotate_unlock_key has swarm make a new unlock key, as an accepted
 * operation like resize (UPDATE_IN_PROGRESS, then UPDATE_COMPLETE with the new key in escrow). Policy rule
 * cluster:rotate_unlock_key, admin or the cluster's project by default.
 */
@Path("v1/clusters/{ident}/actions/rotate_unlock_key")
public final class UnlockKeyRotationResource {
    private final ApiContext context;

    public UnlockKeyRotationResource(ApiContext context) {
        this.context = context;
    }

    @POST
    public Response rotate(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Instant now = context.clock().instant();
        Map.Entry<String, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:rotate_unlock_key", caller, cluster.projectId, cluster.userId);
            UnlockKeyResource.requireAutolock(cluster);
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
}
