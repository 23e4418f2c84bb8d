package io.caas.api.v1;

import io.caas.api.web.Call;
import io.caas.api.web.ErrorMapper;
import io.caas.api.web.Json;
import io.caas.api.web.Microversion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The documents that need no token: the version list at /, the v1 index at /v1, and /healthcheck. */
@Path("")
public final class RootResource {
    private static final Logger LOG = LoggerFactory.getLogger(RootResource.class);
    private static final List<String> V1_RESOURCES = List.of("baymodels", "bays", "clustertemplates", "clusters",
            "quotas", "certificates", "mservices", "stats");

    private final ApiContext context;

    public RootResource(ApiContext context) {
        this.context = context;
    }

    @GET
    public Response versions(@Context ContainerRequestContext request) {
        String base = Call.of(request).baseUrl();
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v1");
        version.put("links", List.of(Views.link(base + "/v1/", "self")));
        version.put("status", "CURRENT");
        version.put("max_version", Microversion.MAX.toString());
        version.put("min_version", Microversion.MIN.toString());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "OpenStack Magnum API");
        root.put("description", "Magnum is an OpenStack project which aims to provide container cluster management.");
        root.put("versions", List.of(version));
        return Json.ok(root);
    }

    @GET
    @Path("v1")
    public Response v1(@Context ContainerRequestContext request) {
        String base = Call.of(request).baseUrl();
        Map<String, Object> v1 = new LinkedHashMap<>();
        v1.put("id", "v1");
        Map<String, String> describedBy = Views.link("http://docs.openstack.org/developer/magnum/dev/api-spec-v1.html",
                "describedby");
        describedBy.put("type", "text/html");
        v1.put("links", List.of(Views.link(base + "/v1/", "self"), describedBy));
        v1.put("media_types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.magnum.v1+json")));
        for (String resource : V1_RESOURCES) {
            v1.put(resource, List.of(Views.link(base + "/v1/" + resource + "/", "self"),
                    Views.link(base + "/" + resource + "/", "bookmark")));
        }
        v1.put("nodegroups", List.of(Views.link(base + "/v1/clusters/{cluster_id}/nodegroups", "self"),
                Views.link(base + "/clusters/{cluster_id}/nodegroups", "bookmark")));
        return Json.ok(v1);
    }

    @GET
    @Path("healthcheck")
    public Response health() {
        try {
            context.database().transaction(s -> s.createNativeQuery("SELECT 1", Integer.class).getSingleResult());
            return Response.ok("OK", MediaType.TEXT_PLAIN_TYPE).build();
        } catch (RuntimeException e) {
            LOG.warn("event=healthcheck_failed error={}", e.toString());
            return ErrorMapper.body(503, "The database does not answer. Check that MariaDB runs and [database] connection.");
        }
    }
}
