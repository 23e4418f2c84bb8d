package io.caas.api.v1;

import io.caas.api.store.ClusterTemplates;
import io.caas.api.store.Clusters;
import io.caas.api.store.NodeGroups;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * /v1/clusters/{id}/actions: resize (1.7+) and upgrade (1.8+), each an accepted operation; and caas's own
 * rotate_join_tokens (an extension Magnum clients never call).
 */
public final class ClusterActions {
    private static final BodySchema RESIZE = new BodySchema("cluster_resize_req",
            Field.integer("node_count", 0, null).required(), Field.textList("nodes_to_remove"),
            Field.string("nodegroup", 1, 255));
    private static final BodySchema UPGRADE = new BodySchema("cluster_upgrade_req",
            Field.integer("max_batch_size", 1, null), Field.string("nodegroup", 1, 255),
            Field.string("cluster_template", 1, 255).required());
    private static final BodySchema ROTATE_JOIN_TOKENS = new BodySchema("rotate_join_tokens_req",
            Field.oneOf("role", "worker", "manager", "both"));

    private final ApiContext context;
    private final String ident;

    ClusterActions(ApiContext context, String ident) {
        this.context = context;
        this.ident = ident;
    }

    @POST
    @Path("resize")
    @SuppressWarnings("unchecked")
    public Response resize(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        call.requireVersion(1, 7, "resize");
        Caller caller = call.caller();
        Map<String, Object> values = RESIZE.read(Json.parse(body));
        int nodeCount = (Integer) values.get("node_count");
        if (nodeCount == 0 && !call.version().atLeast(1, 10)) {
            throw ApiException.badRequest(ClustersResource.ZERO_NODES);
        }
        List<String> toRemove = values.get("nodes_to_remove") == null ? List.of() : (List<String>) values.get("nodes_to_remove");
        Instant now = context.clock().instant();
        Map.Entry<String, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:resize", caller, cluster.projectId, cluster.userId);
            NodeGroup ng = values.get("nodegroup") == null ? NodeGroups.defaultWorker(session, cluster.uuid)
                    : NodeGroups.find(session, cluster.uuid, (String) values.get("nodegroup"));
            if ("master".equals(ng.role)) {
                throw ApiException.badRequest("Resizing a master nodegroup is not supported.");
            }
            if (ng.minNodeCount > nodeCount || (ng.maxNodeCount != null && ng.maxNodeCount < nodeCount)) {
                throw ApiException.badRequest("Resizing " + ng.name + " outside the allowed range: min_node_count = "
                        + ng.minNodeCount + ", max_node_count = " + (ng.maxNodeCount == null ? "None" : ng.maxNodeCount));
            }
            cluster.nodeCount += nodeCount - ng.nodeCount;
            ng.nodeCount = nodeCount;
            ng.status = ClusterStatus.UPDATE_IN_PROGRESS.name();
            ng.updatedAt = now;
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            cluster.updatedAt = now;
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("nodegroup", ng.uuid);
            arguments.put("node_count", nodeCount);
            arguments.put("nodes_to_remove", toRemove);
            return Map.entry(cluster.uuid, Operations.record(session, cluster.uuid, ClusterAction.RESIZE, arguments,
                    call.requestId(), now));
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, Map.of("uuid", accepted.getKey()));
    }

    @POST
    @Path("upgrade")
    public Response upgrade(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        call.requireVersion(1, 7, "upgrade");
        Map<String, Object> values = UPGRADE.read(Json.parse(body));
        if (!call.version().atLeast(1, 8)) {
            throw ApiException.badRequest("Cluster upgrade is not supported in the provided microversion.");
        }
        Caller caller = call.caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce("cluster:upgrade_all_projects", caller, null, null);
        }
        Instant now = context.clock().instant();
        Map.Entry<String, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:upgrade", caller, cluster.projectId, cluster.userId);
            ClusterTemplate target = ClusterTemplates.find(session, (String) values.get("cluster_template"), caller);
            NodeGroup ng;
            if (values.get("nodegroup") == null) {
                ng = NodeGroups.defaultWorker(session, cluster.uuid);
            } else {
                ng = NodeGroups.find(session, cluster.uuid, (String) values.get("nodegroup"));
                if (!target.uuid.equals(cluster.clusterTemplateId) && !ng.isDefault) {
                    ClusterTemplate current = session.createSelectionQuery(
                            "from ClusterTemplate t where t.uuid = :u", ClusterTemplate.class)
                            .setParameter("u", cluster.clusterTemplateId).getSingleResultOrNull();
                    throw ApiException.conflict("Cluster Template is not valid for upgrade: Nodegroup " + ng.name
                            + " can be upgraded only to match cluster's template ("
                            + (current == null ? cluster.clusterTemplateId : current.name) + ").");
                }
            }
            UpgradeRules.check(session, cluster, target, ng.isDefault);
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            cluster.updatedAt = now;
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("cluster_template", target.uuid);
            arguments.put("max_batch_size", values.getOrDefault("max_batch_size", 1));
            arguments.put("nodegroup", ng.uuid);
            return Map.entry(cluster.uuid, Operations.record(session, cluster.uuid, ClusterAction.UPGRADE, arguments,
                    call.requestId(), now));
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, Map.of("uuid", accepted.getKey()));
    }

    /**
     * Replaces the swarm's join tokens (body optional: {"role": "worker|manager|both"}, both by default): anyone
     * holding an old token can no longer join, and the nodes caas adds later get the new one.
     */
    @POST
    @Path("rotate_join_tokens")
    public Response rotateJoinTokens(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Map<String, Object> values = body == null || body.isBlank() ? Map.of() : ROTATE_JOIN_TOKENS.read(Json.parse(body));
        String role = (String) values.getOrDefault("role", "both");
        Instant now = context.clock().instant();
        Map.Entry<String, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:rotate_join_tokens", caller, cluster.projectId, cluster.userId);
            if (cluster.swarmClusterId == null || cluster.status == ClusterStatus.CREATE_IN_PROGRESS
                    || cluster.status == ClusterStatus.DELETE_IN_PROGRESS) {
                throw ApiException.badRequest("Cluster " + cluster.uuid + " is " + cluster.status + " and has no join "
                        + "tokens to rotate yet; rotate them once the cluster is CREATE_COMPLETE.");
            }
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            cluster.statusReason = null;
            cluster.updatedAt = now;
            return Map.entry(cluster.uuid, Operations.record(session, cluster.uuid, ClusterAction.ROTATE_JOIN_TOKENS,
                    Map.of("role", role), call.requestId(), now));
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, Map.of("uuid", accepted.getKey()));
    }
}
