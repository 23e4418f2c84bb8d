package io.caas.api.v1;

import io.caas.api.store.Page;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.Quota;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /v1/quotas: per-project cluster limits; a project without a row has [quotas] max_clusters_per_project. */
@Path("v1/quotas")
public final class QuotasResource {
    private static final BodySchema SCHEMA = new BodySchema("quota", Field.integer("id", 1, null),
            Field.integer("hard_limit", 0, null), Field.string("project_id", 1, 255), Field.oneOf("resource", "Cluster"),
            Field.readOnly("created_at"), Field.readOnly("updated_at"));
    private static final BodySchema PATCH_SCHEMA = new BodySchema("quotapatch", Field.integer("id", 1, null),
            Field.integer("hard_limit", 0, null), Field.string("project_id", 1, 255), Field.oneOf("resource", "Cluster"),
            Field.readOnly("created_at"), Field.readOnly("updated_at"));
    private static final Map<String, String> SORT_KEYS = Map.of("id", "id", "project_id", "projectId",
            "resource", "resource", "hard_limit", "hardLimit", "created_at", "createdAt", "updated_at", "updatedAt");

    private final ApiContext context;

    public QuotasResource(ApiContext context) {
        this.context = context;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        Set<String> allowed = new HashSet<>(Listing.PAGING);
        allowed.add("all_tenants");
        Listing.allowOnly(request, allowed);
        Call call = Call.of(request);
        Caller caller = call.caller();
        context.authorizer().enforce("quota:get_all", caller, null, null);
        String allTenants = Listing.query(request, "all_tenants");
        boolean everyProject = caller.isAdmin() && allTenants != null && BodySchema.toBoolean(allTenants);
        Page asked = Listing.page(request, context.maxLimit(), false);
        String marker = Listing.query(request, "marker");
        Long markerId;
        try {
            markerId = marker == null ? null : Long.parseLong(marker);
        } catch (NumberFormatException e) {
            throw ApiException.invalidInput("marker", marker, "invalid literal for int() with base 10: '" + marker + "'");
        }
        List<Quota> rows = context.database().transaction(session -> {
            Page page = asked;
            if (markerId != null) {
                Quota m = session.find(Quota.class, markerId);
                if (m == null) {
                    throw ApiException.notFound("Quota could not be found: id " + markerId + ".");
                }
                page = asked.after(m.id, switch (asked.sortKey()) {
                    case "project_id" -> m.projectId;
                    case "resource" -> m.resource;
                    case "hard_limit" -> m.hardLimit;
                    case "created_at" -> m.createdAt;
                    case "updated_at" -> m.updatedAt;
                    default -> m.id;
                });
            }
            Map<String, Object> parameters = new HashMap<>();
            String where = null;
            if (!everyProject) {
                where = "e.projectId = :project";
                parameters.put("project", caller.projectId());
            }
            return page.fetch(session, Quota.class, "select e", "Quota", where, parameters, SORT_KEYS);
        });
        List<Map<String, Object>> items = rows.stream().map(QuotasResource::view).toList();
        String last = rows.isEmpty() ? null : String.valueOf(rows.get(rows.size() - 1).id);
        return Json.ok(Listing.collection("quotas", items, asked, call.baseUrl(), "quotas", last));
    }

    @GET
    @Path("{project}/{resource}")
    public Response show(@Context ContainerRequestContext request, @PathParam("project") String project,
                         @PathParam("resource") String resource) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        context.authorizer().enforce("quota:get", caller, null, null);
        if (!caller.isAdmin() && !project.equals(caller.projectId())) {
            throw ApiException.forbidden("Not authorized.");
        }
        Quota quota = context.database().transaction(s -> find(s, project, resource));
        if (quota == null) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("id", null);
            defaults.put("hard_limit", context.defaultClusterQuota());
            defaults.put("project_id", project);
            defaults.put("resource", "Cluster");
            defaults.put("created_at", null);
            defaults.put("updated_at", null);
            return Json.ok(defaults);
        }
        return Json.ok(view(quota));
    }

    @POST
    public Response create(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        Map<String, Object> values = SCHEMA.read(Json.parse(body));
        context.authorizer().enforce("quota:create", caller, null, null);
        String project = (String) values.get("project_id");
        if (project == null) {
            throw ApiException.badRequest("Must provide a valid project ID.");
        }
        String resource = (String) values.getOrDefault("resource", "Cluster");
        Quota quota = new Quota();
        quota.projectId = project;
        quota.resource = resource;
        quota.hardLimit = (Integer) values.getOrDefault("hard_limit", 1);
        quota.createdAt = context.clock().instant();
        context.database().execute(s -> {
            if (find(s, project, resource) != null) {
                throw ApiException.conflict("Quota for project " + project + " already exists for resource "
                        + resource + ".");
            }
            s.persist(quota);
        });
        return Json.ok(201, view(quota));
    }

    @PATCH
    @Path("{project}/{resource}")
    public Response update(@Context ContainerRequestContext request, @PathParam("project") String project,
                           @PathParam("resource") String resource, String body) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        Map<String, Object> values = PATCH_SCHEMA.read(Json.parse(body));
        context.authorizer().enforce("quota:update", caller, null, null);
        Instant now = context.clock().instant();
        Quota quota = context.database().transaction(s -> {
            Quota row = find(s, project, resource);
            if (row == null) {
                throw notFound(project, resource);
            }
            row.hardLimit = (Integer) values.getOrDefault("hard_limit", 1);
            row.updatedAt = now;
            return row;
        });
        return Json.ok(202, view(quota));
    }

    @DELETE
    @Path("{project}/{resource}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("project") String project,
                           @PathParam("resource") String resource) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        context.authorizer().enforce("quota:delete", caller, null, null);
        context.database().execute(s -> {
            Quota row = find(s, project, resource);
            if (row == null) {
                throw notFound(project, resource);
            }
            s.remove(row);
        });
        return Response.noContent().build();
    }

    private static ApiException notFound(String project, String resource) {
        return ApiException.notFound("Quota could not be found: project_id " + project + " resource " + resource + ".");
    }

    private static Quota find(org.hibernate.Session session, String project, String resource) {
        return session.createSelectionQuery("from Quota q where q.projectId = :p and q.resource = :r", Quota.class)
                .setParameter("p", project).setParameter("r", resource).getSingleResultOrNull();
    }

    private static Map<String, Object> view(Quota q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id);
        m.put("hard_limit", q.hardLimit);
        m.put("project_id", q.projectId);
        m.put("resource", q.resource);
        m.put("created_at", Views.timestamp(q.createdAt));
        m.put("updated_at", Views.timestamp(q.updatedAt));
        return m;
    }
}
