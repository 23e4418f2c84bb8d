package io.caas.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.store.ClusterTemplates;
import io.caas.api.store.Page;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.spi.Catalogue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** /v1/clustertemplates: create, list, show, JSON-patch and delete templates. */
@Path("v1/clustertemplates")
public class ClusterTemplatesResource {
    private static final Set<String> NON_REMOVABLE = Set.of("/coe", "/image_id", "/network_driver",
            "/external_network_id", "/tls_disabled", "/public", "/server_type", "/registry_enabled", "/cluster_distro",
            "/hidden");
    /** What a template in use may still change, alone (Magnum's "publishing" update) or a rename. */
    private static final Set<String> PUBLISHING = Set.of("public", "hidden", "tags");

    private final ApiContext context;
    private final Naming naming;
    private final String rules;

    public ClusterTemplatesResource(ApiContext context) {
        this(context, Naming.TEMPLATES);
    }

    ClusterTemplatesResource(ApiContext context, Naming naming) {
        this.context = context;
        this.naming = naming;
        this.rules = naming.argument().replace("_", "");
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        return list(request, naming.path(), "get_all");
    }

    @GET
    @Path("detail")
    public Response detail(@Context ContainerRequestContext request) {
        return list(request, naming.path() + "/detail", "detail");
    }

    private Response list(ContainerRequestContext request, String resourceUrl, String action) {
        Listing.allowOnly(request, Listing.PAGING);
        Call call = Call.of(request);
        Caller caller = call.caller();
        context.authorizer().enforce(rules + ":" + action, caller, null, null);
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":" + action + "_all_projects", caller, null, null);
        }
        Page asked = Listing.page(request, context.maxLimit(), true);
        String marker = Listing.marker(request);
        List<ClusterTemplate> rows = context.database().transaction(session -> {
            Page page = asked;
            if (marker != null) {
                ClusterTemplate m = ClusterTemplates.find(session, marker, caller);
                page = asked.after(m.id, sortValue(m, asked.sortKey()));
            }
            return ClusterTemplates.list(session, caller, page);
        });
        List<Map<String, Object>> items = rows.stream().map(t -> TemplateFields.view(t, call.baseUrl(), naming)).toList();
        String last = rows.isEmpty() ? null : rows.get(rows.size() - 1).uuid;
        return Json.ok(Listing.collection(naming.collection(), items, asked, call.baseUrl(), resourceUrl, last));
    }

    private static Object sortValue(ClusterTemplate t, String sortKey) {
        return switch (sortKey) {
            case "uuid" -> t.uuid;
            case "name" -> t.name;
            case "coe" -> t.coe;
            case "image_id" -> t.imageId;
            case "project_id" -> t.projectId;
            case "created_at" -> t.createdAt;
            case "updated_at" -> t.updatedAt;
            case "public" -> t.isPublic;
            case "hidden" -> t.hidden;
            default -> t.id;
        };
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
        ClusterTemplate template = context.database().transaction(s -> ClusterTemplates.find(s, ident, caller));
        if (!template.isPublic) {
            context.authorizer().enforce(rules + ":get", caller, template.projectId, template.userId);
        }
        return Json.ok(TemplateFields.view(template, call.baseUrl(), naming));
    }

    @POST
    public Response create(@Context ContainerRequestContext request, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        Map<String, Object> values = TemplateFields.schema(naming).read(Json.parse(body));
        values.putIfAbsent("server_type", "vm");
        values.putIfAbsent("floating_ip_enabled", true);
        TemplateValidation.checkDrivers(values);
        Catalogue catalogue = context.catalogues().catalogue(context.catalogues().providerFor(caller));
        String distro = TemplateValidation.distroOf(catalogue, (String) values.get("image_id"));
        TemplateValidation.checkDriverExists(context.drivers(), (String) values.get("server_type"), distro,
                (String) values.get("coe"));
        context.authorizer().enforce(rules + ":create", caller, null, null);
        TemplateValidation.checkCloudResources(catalogue, values);
        values.put("cluster_distro", distro);
        if (Boolean.TRUE.equals(values.get("public")) || Boolean.TRUE.equals(values.get("hidden"))) {
            requirePublish(caller);
        }
        if (values.get("name") == null) {
            values.put("name", Names.generate("template"));
        }
        ClusterTemplate template = new ClusterTemplate();
        TemplateFields.apply(template, values);
        template.uuid = values.get("uuid") == null ? UUID.randomUUID().toString()
                : io.caas.api.store.Idents.canonical((String) values.get("uuid"));
        template.projectId = caller.projectId();
        template.userId = caller.userId();
        template.createdAt = context.clock().instant();
        context.database().execute(session -> {
            if (session.createSelectionQuery("select count(t) from ClusterTemplate t where t.uuid = :u", Long.class)
                    .setParameter("u", template.uuid).getSingleResult() > 0) {
                throw ApiException.conflict("A ClusterTemplate with UUID " + template.uuid + " already exists.");
            }
            session.persist(template);
        });
        return Response.fromResponse(Json.ok(201, TemplateFields.view(template, call.baseUrl(), naming)))
                .location(URI.create(call.baseUrl() + "/v1/" + naming.path() + "/" + template.uuid)).build();
    }

    private void requirePublish(Caller caller) {
        if (!context.authorizer().allows(rules + ":publish", caller, null, null)
                && !context.authorizer().allows("clustertemplate:publish", caller, null, null)) {
            throw ApiException.forbidden("Not authorized to set public or hidden flag for cluster template.");
        }
    }

    @PATCH
    @Path("{ident}")
    public Response update(@Context ContainerRequestContext request, @PathParam("ident") String ident, String body) {
        Listing.allowOnly(request, Set.of());
        Call call = Call.of(request);
        Caller caller = call.caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":update_all_projects", caller, null, null);
        }
        JsonNode json = Json.parse(body);
        JsonPatch patch = JsonPatch.read(json, NON_REMOVABLE, List.of());
        ClusterTemplate saved = context.database().transaction(session -> {
            ClusterTemplate template = ClusterTemplates.find(session, ident, caller);
            context.authorizer().enforce(rules + ":update", caller, template.projectId, template.userId);
            Map<String, Object> before = TemplateFields.document(template);
            Map<String, Object> after = patch.apply(before);
            BodySchema schema = TemplateFields.schema(naming);
            Map<String, Object> checked = new LinkedHashMap<>();
            for (String name : TemplateFields.names()) {
                checked.put(name, schema.check(name, after.get(name)));
            }
            TemplateValidation.checkDrivers(checked);
            Catalogue catalogue = context.catalogues().catalogue(context.catalogues().providerFor(caller));
            if (!Objects.equals(before.get("image_id"), checked.get("image_id"))) {
                TemplateValidation.distroOf(catalogue, (String) checked.get("image_id"));
            }
            TemplateValidation.checkCloudResources(catalogue, checked);
            if (!Objects.equals(before.get("public"), checked.get("public"))
                    || !Objects.equals(before.get("hidden"), checked.get("hidden"))) {
                requirePublish(caller);
            }
            Set<String> changed = new java.util.TreeSet<>();
            for (String name : TemplateFields.names()) {
                if (!Objects.equals(before.get(name), checked.get(name)) && !name.equals("links")
                        && !name.endsWith("_at")) {
                    changed.add(name);
                }
            }
            if (!changed.isEmpty() && ClusterTemplates.referenced(session, template.uuid)
                    && !changed.equals(Set.of("name"))
                    && !(changed.size() == 1 && PUBLISHING.containsAll(changed)
                        && !(changed.contains("public") && !Boolean.TRUE.equals(checked.get("public"))))) {
                throw ApiException.badRequest("ClusterTemplate " + ident + " is referenced by one or multiple clusters.");
            }
            if (!changed.isEmpty()) {
                TemplateFields.apply(template, checked);
                template.updatedAt = context.clock().instant();
            }
            return template;
        });
        return Json.ok(TemplateFields.view(saved, call.baseUrl(), naming));
    }

    @DELETE
    @Path("{ident}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("ident") String ident) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        if (caller.isAdmin()) {
            context.authorizer().enforce(rules + ":delete_all_projects", caller, null, null);
        }
        context.database().execute(session -> {
            ClusterTemplate template = ClusterTemplates.find(session, ident, caller);
            context.authorizer().enforce(rules + ":delete", caller, template.projectId, template.userId);
            if (ClusterTemplates.referenced(session, template.uuid)) {
                throw ApiException.badRequest("ClusterTemplate " + ident + " is referenced by one or multiple clusters.");
            }
            session.remove(template);
        });
        return Response.noContent().build();
    }
}
