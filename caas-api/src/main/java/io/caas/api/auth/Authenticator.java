package io.caas.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Turns the credentials of one request into the caller's {@link RequestContext}. */
public interface Authenticator {

    RequestContext authenticate(ContainerRequestContext request, String requestId)
            throws AuthenticationFailedException, IdentityUnavailableException;

    /** The value of WWW-Authenticate on a 401 answer, telling the client where to get a token. */
    String challenge();
}
