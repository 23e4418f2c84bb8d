package io.caas.api.v1;

import io.caas.api.store.ClusterTemplates;
import io.caas.api.store.Clusters;
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
import io.caas.core.model.Quota;
import io.caas.core.spi.Catalogue;
import io.caas.core.trust.ClusterTrust;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** /v1/clusters: create (202 and an outbox operation), list, show, PATCH node_count/health, delete. */
@Path("v1/clusters")
public class ClustersResource {
    static final String ZERO_NODES = "Resizing a nodegroup to zero is not supported in the provided microversion.";
    private static final Set<String> UPDATABLE = Set.of("node_count", "health_status", "health_status_reason");
    private static final List<String> INTERNAL = List.of("/api_address", "/node_addresses", "/master_addresses",
            "/stack_id", "/ca_cert_ref", "/magnum_cert_ref", "/trust_id", "/trustee_user_name", "/trustee_password",
            "/trustee_user_id", "/etcd_ca_cert_ref", "/front_proxy_ca_cert_ref");

    private final ApiContext context;
    private final Naming naming;
    private final String rules;

    public ClustersResource(ApiContext context) {
        this(context, Naming.CLUSTERS);
    }

    ClustersResource(ApiContext context, Naming naming) {
        this.context = context;
        this.naming = naming;
        this.rules = naming.argument();
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        Listing.allowOnly(request, Listing.PAGING);
        Call call = Call.of(request);
        Caller caller = call.caller();
        context.authorizer().enforce(rules + ":get_all", caller, null, null);
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":get_all_all_projects", caller, null, null);
        }
        Page asked = Listing.page(request, context.maxLimit(), true);
        String marker = Listing.marker(request);
        List<Clusters.Summary> rows = marker == null ? firstPage(caller, asked)
                : context.database().transaction(session -> session.doReturningWork(connection ->
                        Clusters.summaries(connection, caller, markerPage(session, asked, marker, caller))));
        String last = rows.isEmpty() ? null : rows.get(rows.size() - 1).uuid();
        String next = Listing.next(rows.size(), asked, call.baseUrl(), naming.path(), last);
        // Jackson flushes every 8,000 bytes and each flush becomes a chunk on the wire; a page of a thousand
        // clusters (half a megabyte) goes out in 64 KiB chunks instead, a tenth of the writes.
        StreamingOutput body = out -> ClusterFields.writeSummaries(new BufferedOutputStream(out, 1 << 16), rows,
                call.baseUrl(), naming, next);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The first page needs no marker lookup, so it is one autocommit query on a pooled connection. */
    private List<Clusters.Summary> firstPage(Caller caller, Page page) {
        try (Connection connection = context.database().dataSource().getConnection()) {
            return Clusters.summaries(connection, caller, page);
        } catch (SQLException e) {
            throw new IllegalStateException("Listing clusters failed: " + e.getMessage(), e);
        }
    }

    @GET
    @Path("detail")
    public Response detail(@Context ContainerRequestContext request) {
        Listing.allowOnly(request, Listing.PAGING);
        Call call = Call.of(request);
        Caller caller = call.caller();
        context.authorizer().enforce(rules + ":detail", caller, null, null);
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":detail_all_projects", caller, null, null);
        }
        Page asked = Listing.page(request, context.maxLimit(), true);
        String marker = Listing.marker(request);
        List<Map<String, Object>> items = new ArrayList<>();
        List<Cluster> rows = context.database().transaction(session -> {
            List<Cluster> clusters = Clusters.details(session, caller, markerPage(session, asked, marker, caller));
            Map<String, Map<String, String>> labels = ClusterTemplates.labelsOf(session, clusters);
            clusters.forEach(c -> items.add(ClusterFields.detail(c, labels.get(c.clusterTemplateId), call.baseUrl(), naming)));
            return clusters;
        });
        String last = rows.isEmpty() ? null : rows.get(rows.size() - 1).uuid;
        return Json.ok(Listing.collection(naming.collection(), items, asked, call.baseUrl(), naming.path() + "/detail", last));
    }

    private static Page markerPage(org.hibernate.Session session, Page asked, String marker, Caller caller) {
        if (marker == null) {
            return asked;
        }
        Cluster m = Clusters.find(session, marker, caller);
        Object key = switch (asked.sortKey()) {
            case "uuid" -> m.uuid;
            case "name" -> m.name;
            case "status" -> m.status;
            case "node_count" -> m.nodeCount;
            case "master_count" -> m.masterCount;
            case "project_id" -> m.projectId;
            case "cluster_template_id" -> m.clusterTemplateId;
            case "created_at" -> m.createdAt;
            case "updated_at" -> m.updatedAt;
            case "health_status" -> m.healthStatus;
            default -> m.id;
        };
        return asked.after(m.id, key);
    }

    @GET
    @Path("{ident}")
    public Response show(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":get_one_all_projects", caller, null, null);
        }
        Map<String, Object> body = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce(rules + ":get", caller, cluster.projectId, cluster.userId);
            Map<String, Map<String, String>> labels = ClusterTemplates.labelsOf(session, List.of(cluster));
            Map<String, Object> view = ClusterFields.detail(cluster, labels.get(cluster.clusterTemplateId),
                    call.baseUrl(), naming);
            if (cluster.status != null && cluster.status.name().endsWith("_FAILED")) {
                view.put(naming.external("faults"), ClusterFields.faults(Clusters.nodegroups(session, cluster.uuid),
                        Clusters.failedNodes(session, cluster.uuid)));
            }
            return view;
        });
        return Json.ok(body);
    }

    @POST
    public Response create(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Map<String, Object> values = new LinkedHashMap<>();
        ClusterFields.schema(naming).read(Json.parse(body)).forEach((k, v) -> values.put(naming.inward(k), v));
        values.putIfAbsent("node_count", 1);
        values.putIfAbsent("master_count", 1);
        values.putIfAbsent("create_timeout", 60);
        values.putIfAbsent("merge_labels", false);
        if (!call.version().atLeast(1, 10) && (Integer) values.get("node_count") == 0) {
            throw ApiException.badRequest(ZERO_NODES);
        }
        ClusterTemplate template = context.database().transaction(session -> {
            try {
                return ClusterTemplates.find(session, (String) values.get("cluster_template_id"), caller);
            } catch (ApiException notFound) {
                if (notFound.status() == 404 && !call.version().atLeast(1, 10)) {
                    throw ApiException.badRequest(notFound.getMessage());
                }
                throw notFound;
            }
        });
        TemplateValidation.checkDriverExists(context.drivers(), template.serverType, template.clusterDistro, template.coe);
        TemplateValidation.checkVolumeSize(TemplateFields.document(template), (Integer) values.get("docker_volume_size"));
        context.authorizer().enforce(rules + ":create", caller, null, null);
        inherit(values, template);
        String provider = context.catalogues().providerFor(caller);
        Catalogue catalogue = context.catalogues().catalogue(provider);
        TemplateValidation.checkFlavor(catalogue, (String) values.get("flavor_id"));
        TemplateValidation.checkFlavor(catalogue, (String) values.get("master_flavor_id"));
        Map<String, Object> templateDoc = TemplateFields.document(template);
        templateDoc.put("flavor_id", null);
        templateDoc.put("master_flavor_id", null);
        templateDoc.put("labels", values.get("labels"));
        TemplateValidation.checkCloudResources(catalogue, templateDoc);
        if ((Integer) values.get("master_count") > 1 && !Boolean.TRUE.equals(values.get("master_lb_enabled"))) {
            throw ApiException.badRequest("master_count must be 1 when master_lb_enabled is False");
        }
        Cluster cluster = newCluster(values, template, caller, provider);
        if (context.trusts().needsTrust(provider)) {
            // answer quota and UUID refusals before anything is made in Keystone (checked again when writing)
            context.database().execute(session -> checkQuotaAndUuid(session, cluster, caller));
        }
        Optional<ClusterTrust> trust = context.trusts().issue(request, cluster.uuid, provider);
        ClusterOperation op;
        try {
            op = context.database().transaction(session -> persist(session, cluster, template, trust, caller, call));
        } catch (RuntimeException e) {
            trust.ifPresent(context.trusts()::discard);
            throw e;
        }
        Operations.submit(context.operations(), op);
        return Json.ok(202, Map.of("uuid", cluster.uuid));
    }

    /** The cluster, its default nodegroups, its sealed trust and its create operation, in the caller's transaction. */
    private ClusterOperation persist(org.hibernate.Session session, Cluster cluster, ClusterTemplate template,
                                     Optional<ClusterTrust> trust, Caller caller, Call call) {
        checkQuotaAndUuid(session, cluster, caller);
        session.persist(cluster);
        session.persist(defaultNodegroup(cluster, template, "default-master", "master", cluster.masterCount,
                cluster.masterFlavorId));
        session.persist(defaultNodegroup(cluster, template, "default-worker", "worker", cluster.nodeCount,
                cluster.flavorId));
        trust.ifPresent(t -> context.trusts().save(session, cluster.uuid, t));
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("master_count", cluster.masterCount);
        arguments.put("node_count", cluster.nodeCount);
        arguments.put("create_timeout", cluster.createTimeout);
        return Operations.record(session, cluster.uuid, ClusterAction.CREATE, arguments, call.requestId(), cluster.createdAt);
    }

    @SuppressWarnings("unchecked")
    private static void inherit(Map<String, Object> values, ClusterTemplate template) {
        values.putIfAbsent("keypair", template.keypairId);
        Map<String, String> labels = (Map<String, String>) values.get("labels");
        Map<String, String> templateLabels = template.labels == null ? new LinkedHashMap<>() : template.labels;
        if (labels == null || labels.isEmpty()) {
            values.put("labels", new LinkedHashMap<>(templateLabels));
        } else if (Boolean.TRUE.equals(values.get("merge_labels"))) {
            Map<String, String> merged = new LinkedHashMap<>(templateLabels);
            merged.putAll(labels);
            values.put("labels", merged);
        }
        values.putIfAbsent("floating_ip_enabled", template.floatingIpEnabled);
        values.putIfAbsent("master_lb_enabled", template.masterLbEnabled);
        inheritIfEmpty(values, "docker_volume_size", template.dockerVolumeSize);
        inheritIfEmpty(values, "master_flavor_id", template.masterFlavorId);
        inheritIfEmpty(values, "flavor_id", template.flavorId);
        inheritIfEmpty(values, "fixed_network", template.fixedNetwork);
        inheritIfEmpty(values, "fixed_subnet", template.fixedSubnet);
    }

    private static void inheritIfEmpty(Map<String, Object> values, String name, Object inherited) {
        Object value = values.get(name);
        if (value == null || "".equals(value)) {
            values.put(name, inherited);
        }
    }

    private void checkQuotaAndUuid(org.hibernate.Session session, Cluster cluster, Caller caller) {
        checkQuota(session, caller);
        if (session.createSelectionQuery("select count(c) from Cluster c where c.uuid = :u", Long.class)
                .setParameter("u", cluster.uuid).getSingleResult() > 0) {
            throw ApiException.conflict("A cluster with UUID " + cluster.uuid + " already exists.");
        }
    }

    private void checkQuota(org.hibernate.Session session, Caller caller) {
        List<Quota> quota = session.createSelectionQuery(
                        "from Quota q where q.projectId = :project and q.resource = 'Cluster'", Quota.class)
                .setParameter("project", caller.projectId()).getResultList();
        int limit = quota.isEmpty() ? context.defaultClusterQuota() : quota.get(0).hardLimit;
        if (Clusters.countInProject(session, caller.projectId()) >= limit) {
            throw ApiException.forbidden("Resource limit exceeded: You have reached the maximum clusters per project, "
                    + limit + ". You may delete a cluster to make room for a new one.");
        }
    }

    @SuppressWarnings("unchecked")
    private Cluster newCluster(Map<String, Object> v, ClusterTemplate template, Caller caller, String provider) {
        Cluster c = new Cluster();
        c.uuid = v.get("uuid") == null ? UUID.randomUUID().toString()
                : io.caas.api.store.Idents.canonical((String) v.get("uuid"));
        c.name = v.get("name") == null ? Names.generate("cluster") : (String) v.get("name");
        c.projectId = caller.projectId();
        c.userId = caller.userId();
        c.clusterTemplateId = template.uuid;
        c.keypair = (String) v.get("keypair");
        c.masterCount = (Integer) v.get("master_count");
        c.nodeCount = (Integer) v.get("node_count");
        c.dockerVolumeSize = (Integer) v.get("docker_volume_size");
        c.labels = (Map<String, String>) v.get("labels");
        c.masterFlavorId = (String) v.get("master_flavor_id");
        c.flavorId = (String) v.get("flavor_id");
        c.createTimeout = (Integer) v.get("create_timeout");
        c.status = ClusterStatus.CREATE_IN_PROGRESS;
        c.healthStatusReason = Map.of();
        c.discoveryUrl = (String) v.get("discovery_url");
        c.masterAddresses = List.of();
        c.nodeAddresses = List.of();
        c.fixedNetwork = (String) v.get("fixed_network");
        c.fixedSubnet = (String) v.get("fixed_subnet");
        c.floatingIpEnabled = (Boolean) v.get("floating_ip_enabled");
        c.masterLbEnabled = (Boolean) v.get("master_lb_enabled");
        c.mergeLabels = (Boolean) v.get("merge_labels");
        c.provider = provider;
        c.createdAt = context.clock().instant();
        return c;
    }

    private static NodeGroup defaultNodegroup(Cluster c, ClusterTemplate t, String name, String role, int count,
                                              String flavor) {
        NodeGroup ng = new NodeGroup();
        ng.uuid = UUID.randomUUID().toString();
        ng.name = name;
        ng.clusterId = c.uuid;
        ng.projectId = c.projectId;
        ng.dockerVolumeSize = c.dockerVolumeSize;
        ng.labels = c.labels;
        ng.flavorId = flavor;
        ng.imageId = t.imageId;
        ng.nodeAddresses = List.of();
        ng.nodeCount = count;
        ng.role = role;
        ng.minNodeCount = role.equals("master") ? 1 : 0;
        ng.isDefault = true;
        ng.status = ClusterStatus.CREATE_IN_PROGRESS.name();
        ng.mergeLabels = c.mergeLabels;
        ng.createdAt = c.createdAt;
        return ng;
    }

    @PATCH
    @Path("{ident}")
    public Response update(@Context ContainerRequestContext request, @PathParam("ident") String ident, String body) {
        Listing.allowOnly(request, call(request).version().atLeast(1, 3) ? Set.of("rollback") : Set.of());
        Call call = call(request);
        Caller caller = call.caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":update_all_projects", caller, null, null);
        }
        JsonPatch patch = JsonPatch.read(Json.parse(body), Set.of("/cluster_template_id"), INTERNAL);
        BodySchema schema = ClusterFields.schema(naming);
        Instant now = context.clock().instant();
        Map.Entry<Cluster, ClusterOperation> result = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce(rules + ":update", caller, cluster.projectId, cluster.userId);
            context.authorizer().enforce(rules + ":update_health_status", caller, null, null);
            Map<String, Object> before = ClusterFields.document(cluster);
            Map<String, Object> after = patch.apply(before);
            Set<String> delta = new TreeSet<>();
            for (Map.Entry<String, Object> e : after.entrySet()) {
                Object checked = schema.check(naming.external(e.getKey()), e.getValue());
                if (!Objects.equals(before.get(e.getKey()), checked)) {
                    delta.add(e.getKey());
                }
                e.setValue(checked);
            }
            delta.removeAll(UPDATABLE);
            if (!delta.isEmpty()) {
                throw ApiException.badRequest("cannot change cluster property(ies) " + String.join(", ", delta) + ".");
            }
            int nodeCount = after.get("node_count") == null ? cluster.nodeCount : (Integer) after.get("node_count");
            if (nodeCount == 0 && !call.version().atLeast(1, 10)) {
                throw ApiException.badRequest(ZERO_NODES);
            }
            return Map.entry(cluster, applyUpdate(session, cluster, nodeCount, after, call.requestId(), now));
        });
        Operations.submit(context.operations(), result.getValue());
        return Json.ok(202, Map.of("uuid", result.getKey().uuid));
    }

    @SuppressWarnings("unchecked")
    private ClusterOperation applyUpdate(org.hibernate.Session session, Cluster cluster, int nodeCount,
                                         Map<String, Object> after, String requestId, Instant now) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        ClusterAction action;
        if (nodeCount != cluster.nodeCount) {
            NodeGroup worker = Clusters.nodegroups(session, cluster.uuid).stream()
                    .filter(ng -> ng.isDefault && "worker".equals(ng.role)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("cluster " + cluster.uuid + " has no default-worker"));
            worker.nodeCount = nodeCount;
            worker.updatedAt = now;
            cluster.nodeCount = nodeCount;
            cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
            action = ClusterAction.RESIZE;
            arguments.put("nodegroup", worker.uuid);
            arguments.put("node_count", nodeCount);
            arguments.put("nodes_to_remove", List.of());
        } else {
            action = ClusterAction.UPDATE;
        }
        cluster.healthStatus = (String) after.get("health_status");
        cluster.healthStatusReason = (Map<String, String>) after.get("health_status_reason");
        arguments.put("health_status", cluster.healthStatus);
        arguments.put("health_status_reason", cluster.healthStatusReason);
        cluster.updatedAt = now;
        return Operations.record(session, cluster.uuid, action, arguments, requestId, now);
    }

    @DELETE
    @Path("{ident}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":delete_all_projects", caller, null, null);
        }
        Instant now = context.clock().instant();
        ClusterOperation op = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce(rules + ":delete", caller, cluster.projectId, cluster.userId);
            cluster.status = ClusterStatus.DELETE_IN_PROGRESS;
            cluster.updatedAt = now;
            return Operations.record(session, cluster.uuid, ClusterAction.DELETE, Map.of(), call.requestId(), now);
        });
        Operations.submit(context.operations(), op);
        return Response.noContent().build();
    }

    @Path("{ident}/actions")
    public ClusterActions actions(@PathParam("ident") String ident) {
        requireClusters();
        return new ClusterActions(context, ident);
    }

    @Path("{ident}/nodegroups")
    public NodeGroupsResource nodegroups(@PathParam("ident") String ident) {
        requireClusters();
        return new NodeGroupsResource(context, ident);
    }

    @GET
    @Path("{ident}/nodes")
    public Response nodes(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        requireClusters();
        return new ClusterProgress(context, ident).nodes(request);
    }

    @GET
    @Path("{ident}/events")
    public Response events(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        requireClusters();
        return new ClusterProgress(context, ident).events(request);
    }

    /** Bays never had actions, nodegroups or progress; only /v1/clusters serves them. */
    private void requireClusters() {
        if (naming != Naming.CLUSTERS) {
            throw new jakarta.ws.rs.NotFoundException();
        }
    }

    private static Call call(ContainerRequestContext request) {
        return Call.of(request);
    }
}
