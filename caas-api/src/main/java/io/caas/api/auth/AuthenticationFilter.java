package io.caas.api.auth;

import io.caas.api.node.NodeBootstrapResource;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;

/**
 * Authenticates every request except the version documents, the health check and the node bootstrap calls, and stores the caller's
 * {@link RequestContext} as the request property {@link RequestContext#PROPERTY}. Plug it into a Jersey
 * ResourceConfig with {@code register(Authentication.filter(config))}.
 *
 * <p>The request id is taken from the request property {@link #REQUEST_ID_PROPERTY} when an earlier filter set
 * it, otherwise generated ({@code req-<uuid>}) and stored there, so a response filter can echo it.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    public static final String REQUEST_ID_PROPERTY = "io.caas.api.request_id";
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/v1", "/healthcheck");
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final Authenticator authenticator;

    public AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        // node bootstrap calls carry their own bearer token, checked by the node resource
        if (isPublic(path) || NodeBootstrapResource.serves(path)) {
            return;
        }
        String requestId = requestId(request);
        try {
            RequestContext context = authenticator.authenticate(request, requestId);
            request.setProperty(RequestContext.PROPERTY, context);
        } catch (AuthenticationFailedException e) {
            LOG.info("authentication failed request_id={} path=/{} reason=\"{}\"",
                    requestId, request.getUriInfo().getPath(), e.getMessage());
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, authenticator.challenge())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MagnumErrorBody.of(401, "The request you have made requires authentication."))
                    .build());
        } catch (IdentityUnavailableException e) {
            LOG.error("authentication impossible request_id={} reason=\"{}\"", requestId, e.getMessage());
            request.abortWith(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MagnumErrorBody.of(503, "The Keystone service is temporarily unavailable."))
                    .build());
        }
    }

    static boolean isPublic(String path) {
        String normalized = "/" + path.replaceAll("^/+", "").replaceAll("/+$", "");
        return PUBLIC_PATHS.contains(normalized);
    }

    private static String requestId(ContainerRequestContext request) {
        if (request.getProperty(REQUEST_ID_PROPERTY) instanceof String existing) {
            return existing;
        }
        String generated = "req-" + UUID.randomUUID();
        request.setProperty(REQUEST_ID_PROPERTY, generated);
        return generated;
    }
}
