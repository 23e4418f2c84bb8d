package io.caas.api.web;

import io.caas.core.spi.CatalogueUnavailableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as Magnum's body, {"errors": [{request_id, code, status, title, detail, links}]}: ours, Jersey's
 * own 404/405/415, and anything unexpected (a 500 whose detail hides the internals; the log has them).
 */
@Provider
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiException api) {
            return body(api.status(), api.getMessage());
        }
        if (failure instanceof CatalogueUnavailableException unavailable) {
            LOG.warn("event=catalogue_unavailable error={}", String.valueOf(unavailable.getCause()));
            return body(503, unavailable.getMessage());
        }
        if (failure instanceof NotFoundException) {
            return body(404, "The resource could not be found.");
        }
        if (failure instanceof NotAllowedException notAllowed) {
            Response response = body(405, "The method specified is not allowed for this resource.");
            return Response.fromResponse(response).allow(notAllowed.getResponse().getAllowedMethods()).build();
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return body(status, web.getResponse().getStatusInfo().getReasonPhrase() + ".");
        }
        LOG.error("event=request_failed error={}", failure.toString(), failure);
        return body(500, "An unknown exception occurred. The request id in the x-openstack-request-id header finds it in the API log.");
    }

    public static Response body(int status, String detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("request_id", "");
        error.put("code", status >= 500 ? "server" : "client");
        error.put("status", status);
        int dot = detail.indexOf('.');
        error.put("title", dot < 0 ? detail : detail.substring(0, dot));
        error.put("detail", detail);
        error.put("links", List.of());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(Map.of("errors", List.of(error)))).build();
    }
}
