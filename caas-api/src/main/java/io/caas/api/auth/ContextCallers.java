package io.caas.api.auth;

import io.caas.api.web.Caller;
import io.caas.api.web.CallerResolver;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The {@link Caller} of a request is the {@link RequestContext} the {@link AuthenticationFilter} stored on it. */
public final class ContextCallers implements CallerResolver {
    @Override
    public Caller resolve(ContainerRequestContext request) {
        RequestContext context = RequestContext.of(request);
        return new Caller(context.userId(), context.projectId(), context.roles(), context.isAdmin());
    }
}
