package io.caas.api.v1;

import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** /v1/stats: how many clusters and nodes (masters and workers) a project, or the whole service, has. */
@Path("v1/stats")
public final class StatsResource {
    private final ApiContext context;

    public StatsResource(ApiContext context) {
        this.context = context;
    }

    @GET
    public Response stats(@Context ContainerRequestContext request) {
        Listing.allowOnly(request, Set.of("project_id", "type"));
        Caller caller = Call.of(request).caller();
        context.authorizer().enforce("stats:get_all", caller, null, null);
        String type = Listing.query(request, "type");
        if (type != null && !type.toLowerCase(Locale.ROOT).equals("cluster")) {
            throw ApiException.badRequest("Invalid stats type. Allowed values are 'cluster'");
        }
        String asked = Listing.query(request, "project_id");
        String project = asked;
        if (!caller.isAdmin()) {
            project = asked == null ? caller.projectId() : asked;
            if (!project.equals(caller.projectId())) {
                throw ApiException.forbidden("Not authorized.");
            }
        }
        String scope = project;
        Object[] counts = context.database().transaction(s -> {
            String where = scope == null ? "" : " where c.projectId = :p";
            var query = s.createSelectionQuery("select count(c), coalesce(sum(c.nodeCount + c.masterCount), 0)"
                    + " from Cluster c" + where, Object[].class);
            if (scope != null) {
                query.setParameter("p", scope);
            }
            return query.getSingleResult();
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusters", ((Number) counts[0]).longValue());
        body.put("nodes", ((Number) counts[1]).longValue());
        return Json.ok(body);
    }
}
