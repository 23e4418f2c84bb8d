package io.caas.api.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every request goes through before routing: a request id (in the MDC for the logs and in the response), the
 * route Magnum's pecan app accepts (no /v1 prefix, trailing slash), and microversion negotiation on /v1; after it,
 * the microversion headers and the access log line.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestPipeline implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String REQUEST_ID_HEADER = "x-openstack-request-id";
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    private static final String START = "caas.start";

    private final CallerResolver callerResolver;
    private final PublicUrl publicUrl;

    public RequestPipeline(CallerResolver callerResolver, PublicUrl publicUrl) {
        this.callerResolver = callerResolver;
        this.publicUrl = publicUrl;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String requestId = "req-" + UUID.randomUUID();
        MDC.put("request_id", requestId);
        request.setProperty(START, System.nanoTime());
        String path = normalise(request);
        boolean v1 = path.equals("v1") || path.startsWith("v1/");
        Microversion version = null;
        if (v1) {
            try {
                version = Microversion.parse(request.getHeaderString(Microversion.HEADER));
            } catch (ApiException malformed) {
                request.setProperty(Call.PROPERTY, new Call(request, callerResolver, requestId, Microversion.MIN,
                        publicUrl.of(request)));
                request.abortWith(ErrorMapper.body(406, malformed.getMessage()));
                return;
            }
        }
        request.setProperty(Call.PROPERTY, new Call(request, callerResolver, requestId,
                version == null ? Microversion.MIN : version, publicUrl.of(request)));
        if (version != null && !version.supported()) {
            request.abortWith(unsupportedVersion());
        }
    }

    /** Routes /clusters to /v1/clusters and drops a trailing slash, as Magnum's root controller does. */
    private static String normalise(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(false);
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.isEmpty() && !trimmed.equals("healthcheck") && !trimmed.equals("v1") && !trimmed.startsWith("v1/")) {
            trimmed = "v1/" + trimmed;
        }
        if (!trimmed.equals(path)) {
            URI base = request.getUriInfo().getBaseUri();
            URI target = UriBuilder.fromUri(base).path(trimmed)
                    .replaceQuery(request.getUriInfo().getRequestUri().getRawQuery()).build();
            request.setRequestUri(base, target);
        }
        return trimmed;
    }

    private static Response unsupportedVersion() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("max_version", Microversion.MAX.toString());
        error.put("min_version", Microversion.MIN.toString());
        error.put("code", "magnum.microversion-unsupported");
        error.put("links", List.of(Map.of("rel", "help",
                "href", "http://docs.openstack.org/api-guide/compute/microversions.html")));
        error.put("title", "Requested microversion is unsupported");
        return Response.status(406).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(Map.of("errors", List.of(error)))).build();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object call = request.getProperty(Call.PROPERTY);
        if (call instanceof Call c) {
            response.getHeaders().putSingle(REQUEST_ID_HEADER, c.requestId());
            String path = request.getUriInfo().getPath(false);
            if (path.equals("v1") || path.startsWith("v1/") || path.startsWith("/v1")) {
                response.getHeaders().putSingle("OpenStack-API-Minimum-Version", Microversion.SERVICE + " " + Microversion.MIN);
                response.getHeaders().putSingle("OpenStack-API-Maximum-Version", Microversion.SERVICE + " " + Microversion.MAX);
                response.getHeaders().putSingle(Microversion.HEADER, Microversion.SERVICE + " " + c.version());
                response.getHeaders().putSingle("Vary", Microversion.HEADER);
            }
        }
        Object start = request.getProperty(START);
        long micros = start instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000 : -1;
        LOG.info("event=request method={} path=/{} status={} duration_us={}", request.getMethod(),
                request.getUriInfo().getPath(false).replaceFirst("^/", ""), response.getStatus(), micros);
        MDC.remove("request_id");
    }
}
