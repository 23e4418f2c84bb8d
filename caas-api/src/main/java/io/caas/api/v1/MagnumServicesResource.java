package io.caas.api.v1;

import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.ConductorService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /v1/mservices (admin): the conductors, "up" while their heartbeat is younger than service_down_time. */
@Path("v1/mservices")
public final class MagnumServicesResource {
    private final ApiContext context;

    public MagnumServicesResource(ApiContext context) {
        this.context = context;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        context.authorizer().enforce("magnum-service:get_all", caller, null, null);
        Instant now = context.clock().instant();
        List<Map<String, Object>> services = context.database().transaction(s ->
                s.createSelectionQuery("from ConductorService c order by c.id", ConductorService.class).getResultList())
                .stream().map(c -> view(c, now)).toList();
        return Json.ok(Map.of("mservices", services));
    }

    private Map<String, Object> view(ConductorService c, Instant now) {
        Instant heartbeat = c.updatedAt != null ? c.updatedAt : c.createdAt;
        boolean up = heartbeat != null
                && Duration.between(heartbeat, now).abs().getSeconds() <= context.serviceDownTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", c.host);
        m.put("binary", c.binary);
        m.put("state", up ? "up" : "down");
        m.put("id", c.id);
        m.put("report_count", c.reportCount);
        m.put("disabled", c.disabled);
        m.put("disabled_reason", c.disabledReason);
        m.put("created_at", Views.timestamp(c.createdAt));
        m.put("updated_at", Views.timestamp(c.updatedAt));
        return m;
    }
}
