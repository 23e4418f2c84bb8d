package io.caas.api.v1;

import io.caas.api.store.Clusters;
import io.caas.api.store.NodeGroups;
import io.caas.api.store.Page;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** /v1/clusters/{id}/nodegroups (1.9+): worker groups beside default-master and default-worker. */
public final class NodeGroupsResource {
    private static final BodySchema SCHEMA = new BodySchema("nodegroup",
            Field.integer("id", 1, null), Field.uuid("uuid"), Field.string("name", 1, 255), Field.uuid("cluster_id"),
            Field.readOnly("project_id"), Field.integer("docker_volume_size", 1, null), Field.labels("labels"),
            Field.readOnly("links"), Field.string("flavor_id", 1, 255), Field.string("image_id", 1, 255),
            Field.readOnly("node_addresses"), Field.integer("node_count", 0, null), Field.string("role", 1, 255),
            Field.integer("min_node_count", 0, null), Field.integer("max_node_count", 0, null), Field.bool("is_default"),
            Field.readOnly("stack_id"),
            new Field("status", Field.Kind.ENUM, null, null, null, ClusterFields.STATUSES, false, false),
            Field.text("status_reason"), Field.text("version"), Field.bool("merge_labels"),
            Field.labels("labels_overridden"), Field.labels("labels_added"), Field.labels("labels_skipped"),
            Field.readOnly("created_at"), Field.readOnly("updated_at"));
    private static final List<String> INTERNAL = List.of("/name", "/cluster_id", "/project_id", "/docker_volume_size",
            "/labels", "/flavor_id", "/image_id", "/node_addresses", "/node_count", "/role", "/is_default", "/stack_id",
            "/status", "/status_reason", "/version");

    private final ApiContext context;
    private final String clusterIdent;

    NodeGroupsResource(ApiContext context, String clusterIdent) {
        this.context = context;
        this.clusterIdent = clusterIdent;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        Call call = Call.of(request);
        call.requireVersion(1, 9, "get_all");
        Set<String> allowed = new java.util.HashSet<>(Listing.PAGING);
        allowed.add("role");
        Listing.allowOnly(request, allowed);
        Caller caller = call.caller();
        context.authorizer().enforce("nodegroup:get_all", caller, null, null);
        if (caller.isAdmin()) {
            context.authorizer().enforce("nodegroup:get_all_all_projects", caller, null, null);
        }
        Page asked = Listing.page(request, context.maxLimit(), true);
        String marker = Listing.marker(request);
        String role = Listing.query(request, "role");
        Map.Entry<Cluster, List<NodeGroup>> rows = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, clusterIdent, caller);
            Page page = asked;
            if (marker != null) {
                NodeGroup m = NodeGroups.find(session, cluster.uuid, marker);
                page = asked.after(m.id, sortValue(m, asked.sortKey()));
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("cluster", cluster.uuid);
            StringBuilder where = new StringBuilder("e.clusterId = :cluster");
            if (!caller.isAdmin()) {
                where.append(" and e.projectId = :project");
                parameters.put("project", caller.projectId());
            }
            if (role != null) {
                where.append(" and e.role = :role");
                parameters.put("role", role);
            }
            return Map.entry(cluster, page.fetch(session, NodeGroup.class, "select e", "NodeGroup",
                    where.toString(), parameters, NodeGroups.SORT_KEYS));
        });
        List<Map<String, Object>> items = new ArrayList<>();
        rows.getValue().forEach(ng -> items.add(summary(ng, rows.getKey())));
        List<NodeGroup> list = rows.getValue();
        String last = list.isEmpty() ? null : list.get(list.size() - 1).uuid;
        return Json.ok(Listing.collection("nodegroups", items, asked, call.baseUrl(),
                "clusters/" + rows.getKey().uuid + "/nodegroups", last));
    }

    private static Object sortValue(NodeGroup ng, String sortKey) {
        return switch (sortKey) {
            case "uuid" -> ng.uuid;
            case "name" -> ng.name;
            case "role" -> ng.role;
            case "node_count" -> ng.nodeCount;
            case "created_at" -> ng.createdAt;
            case "updated_at" -> ng.updatedAt;
            case "status" -> ng.status;
            default -> ng.id;
        };
    }

    @GET
    @Path("{ng}")
    public Response show(@Context ContainerRequestContext request, @PathParam("ng") String ident) {
        Call call = Call.of(request);
        call.requireVersion(1, 9, "get_one");
        Listing.allowOnly(request, Set.of());
        Caller caller = call.caller();
        context.authorizer().enforce("nodegroup:get", caller, null, null);
        if (caller.isAdmin()) {
            context.authorizer().enforce("nodegroup:get_one_all_projects", caller, null, null);
        }
        Map<String, Object> view = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, clusterIdent, caller);
            return detail(NodeGroups.find(session, cluster.uuid, ident), cluster, call.baseUrl());
        });
        return Json.ok(view);
    }

    @POST
    @SuppressWarnings("unchecked")
    public Response create(@Context ContainerRequestContext request, String body) {
        Call call = Call.of(request);
        call.requireVersion(1, 9, "post");
        Listing.allowOnly(request, Set.of());
        Caller caller = call.caller();
        Map<String, Object> values = SCHEMA.read(Json.parse(body));
        values.putIfAbsent("node_count", 1);
        values.putIfAbsent("role", "worker");
        values.putIfAbsent("min_node_count", 0);
        values.putIfAbsent("merge_labels", false);
        context.authorizer().enforce("nodegroup:create", caller, null, null);
        Instant now = context.clock().instant();
        Map.Entry<Map<String, Object>, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, clusterIdent, caller);
            if (cluster.apiAddress == null || cluster.apiAddress.isBlank()) {
                throw ApiException.conflict("Cluster API address is not available yet");
            }
            String name = values.get("name") == null ? Names.generate("nodegroup") : (String) values.get("name");
            if (Clusters.nodegroups(session, cluster.uuid).stream().anyMatch(ng -> name.equals(ng.name))) {
                throw ApiException.conflict("A node group with name " + name + " already exists in the cluster "
                        + cluster.name + ".");
            }
            NodeGroup ng = new NodeGroup();
            ng.uuid = UUID.randomUUID().toString();
            ng.name = name;
            ng.clusterId = cluster.uuid;
            ng.projectId = caller.projectId();
            ng.nodeCount = (Integer) values.get("node_count");
            ng.minNodeCount = (Integer) values.get("min_node_count");
            ng.maxNodeCount = (Integer) values.get("max_node_count");
            ng.role = (String) values.get("role");
            checkCounts(ng);
            if ("master".equals(ng.role)) {
                throw ApiException.badRequest("Creating master nodegroups is currently not supported.");
            }
            ClusterTemplate template = session.createSelectionQuery("from ClusterTemplate t where t.uuid = :u",
                    ClusterTemplate.class).setParameter("u", cluster.clusterTemplateId).getSingleResultOrNull();
            ng.imageId = values.get("image_id") != null ? (String) values.get("image_id")
                    : template == null ? null : template.imageId;
            ng.flavorId = values.get("flavor_id") != null ? (String) values.get("flavor_id") : cluster.flavorId;
            Map<String, String> labels = (Map<String, String>) values.get("labels");
            if (labels == null) {
                ng.labels = cluster.labels;
            } else if (Boolean.TRUE.equals(values.get("merge_labels"))) {
                Map<String, String> merged = new LinkedHashMap<>(cluster.labels == null ? Map.of() : cluster.labels);
                merged.putAll(labels);
                ng.labels = merged;
            } else {
                ng.labels = labels;
            }
            ng.dockerVolumeSize = (Integer) values.get("docker_volume_size");
            ng.mergeLabels = (Boolean) values.get("merge_labels");
            ng.nodeAddresses = List.of();
            ng.status = ClusterStatus.CREATE_IN_PROGRESS.name();
            ng.createdAt = now;
            session.persist(ng);
            ClusterOperation op = Operations.record(session, cluster.uuid, ClusterAction.CREATE_NODEGROUP,
                    Map.of("nodegroup", ng.uuid), call.requestId(), now);
            return Map.entry(detail(ng, cluster, call.baseUrl()), op);
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, accepted.getKey());
    }

    @PATCH
    @Path("{ng}")
    public Response update(@Context ContainerRequestContext request, @PathParam("ng") String ident, String body) {
        Call call = Call.of(request);
        call.requireVersion(1, 9, "patch");
        Listing.allowOnly(request, Set.of());
        Caller caller = call.caller();
        JsonPatch patch = JsonPatch.read(Json.parse(body), Set.of(), INTERNAL);
        context.authorizer().enforce("nodegroup:update", caller, null, null);
        Instant now = context.clock().instant();
        Map.Entry<Map<String, Object>, ClusterOperation> accepted = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, clusterIdent, caller);
            NodeGroup ng = NodeGroups.find(session, cluster.uuid, ident);
            Map<String, Object> after = patch.apply(document(ng));
            ng.minNodeCount = after.get("min_node_count") == null ? 0 : (Integer) SCHEMA.check("min_node_count", after.get("min_node_count"));
            ng.maxNodeCount = (Integer) SCHEMA.check("max_node_count", after.get("max_node_count"));
            checkCounts(ng);
            ng.updatedAt = now;
            ClusterOperation op = Operations.record(session, cluster.uuid, ClusterAction.UPDATE_NODEGROUP,
                    Map.of("nodegroup", ng.uuid), call.requestId(), now);
            return Map.entry(detail(ng, cluster, call.baseUrl()), op);
        });
        Operations.submit(context.operations(), accepted.getValue());
        return Json.ok(202, accepted.getKey());
    }

    @DELETE
    @Path("{ng}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("ng") String ident) {
        Call call = Call.of(request);
        call.requireVersion(1, 9, "delete");
        Listing.allowOnly(request, Set.of());
        Caller caller = call.caller();
        context.authorizer().enforce("nodegroup:delete", caller, null, null);
        Instant now = context.clock().instant();
        ClusterOperation op = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, clusterIdent, caller);
            NodeGroup ng = NodeGroups.find(session, cluster.uuid, ident);
            if (ng.isDefault) {
                throw ApiException.badRequest("Deleting a default nodegroup is not supported.");
            }
            ng.status = ClusterStatus.DELETE_IN_PROGRESS.name();
            ng.updatedAt = now;
            return Operations.record(session, cluster.uuid, ClusterAction.DELETE_NODEGROUP, Map.of("nodegroup", ng.uuid),
                    call.requestId(), now);
        });
        Operations.submit(context.operations(), op);
        return Response.noContent().build();
    }

    private static void checkCounts(NodeGroup ng) {
        if (ng.maxNodeCount != null && ng.maxNodeCount != 0) {
            if (ng.maxNodeCount < ng.minNodeCount) {
                throw invalid("max_node_count", ng, "min_node_count (" + ng.minNodeCount
                        + ") should be less or equal to max_node_count (" + ng.maxNodeCount + ")");
            }
            if (ng.nodeCount > ng.maxNodeCount) {
                throw invalid("max_node_count", ng, "node_count (" + ng.nodeCount
                        + ") should be less or equal to max_node_count (" + ng.maxNodeCount + ")");
            }
        }
        if (ng.minNodeCount > ng.nodeCount) {
            throw invalid("min_node_count", ng, "min_node_count (" + ng.minNodeCount
                    + ") should be less or equal to node_count (" + ng.nodeCount + ")");
        }
    }

    private static ApiException invalid(String attribute, NodeGroup ng, String explanation) {
        return ApiException.conflict(attribute + " for " + ng.name + " is invalid (" + explanation + ").");
    }

    private static Map<String, Object> document(NodeGroup ng) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ng.id);
        m.put("uuid", ng.uuid);
        m.put("name", ng.name);
        m.put("cluster_id", ng.clusterId);
        m.put("project_id", ng.projectId);
        m.put("docker_volume_size", ng.dockerVolumeSize);
        m.put("labels", ng.labels);
        m.put("links", null);
        m.put("flavor_id", ng.flavorId);
        m.put("image_id", ng.imageId);
        m.put("node_addresses", ng.nodeAddresses == null ? List.of() : ng.nodeAddresses);
        m.put("node_count", ng.nodeCount);
        m.put("role", ng.role);
        m.put("min_node_count", ng.minNodeCount);
        m.put("max_node_count", ng.maxNodeCount);
        m.put("is_default", ng.isDefault);
        m.put("stack_id", ng.stackId);
        m.put("status", ng.status);
        m.put("status_reason", ng.statusReason);
        m.put("version", ng.version);
        m.put("merge_labels", ng.mergeLabels);
        m.put("labels_overridden", null);
        m.put("labels_added", null);
        m.put("labels_skipped", null);
        m.put("created_at", null);
        m.put("updated_at", null);
        return m;
    }

    static Map<String, Object> detail(NodeGroup ng, Cluster cluster, String baseUrl) {
        Map<String, Object> m = document(ng);
        String clusterPath = baseUrl + "/v1/clusters/" + cluster.uuid + "/nodegroups/" + ng.uuid;
        m.put("links", List.of(Views.link(clusterPath, "self"),
                Views.link(baseUrl + "/clusters/" + cluster.uuid + "/nodegroups/" + ng.uuid, "bookmark")));
        // every nodegroup's servers live in the cluster's one stack (caas makes no stack per nodegroup), so each shows
        // the cluster's stack_id, as Magnum does for its default nodegroups
        m.put("stack_id", cluster.stackId);
        m.putAll(Views.labelDiff(cluster.labels, ng.labels));
        m.put("created_at", Views.timestamp(ng.createdAt));
        m.put("updated_at", Views.timestamp(ng.updatedAt));
        return m;
    }

    private static Map<String, Object> summary(NodeGroup ng, Cluster cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", ng.uuid);
        m.put("name", ng.name);
        m.put("flavor_id", ng.flavorId);
        m.put("node_count", ng.nodeCount);
        m.put("role", ng.role);
        m.put("is_default", ng.isDefault);
        m.put("image_id", ng.imageId);
        m.put("status", ng.status);
        m.put("stack_id", cluster.stackId);
        return m;
    }
}
