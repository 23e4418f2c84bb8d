package io.caas.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Set;

/**
 * {@code [api] auth_strategy = noauth}: no Keystone. Every request is user {@code admin} with the admin role,
 * in the project named by the {@code X-Project-Id} header, or in project {@value #DEFAULT_PROJECT_ID} without
 * it. Any X-Auth-Token (OSC sends "notused" with --os-auth-type none) is ignored. For development and tests
 * only: anyone who reaches the port is an administrator.
 */
public final class NoAuthAuthenticator implements Authenticator {
    public static final String DEFAULT_PROJECT_ID = "default";
    public static final String USER_ID = "admin";
    static final String PROJECT_HEADER = "X-Project-Id";

    @Override
    public RequestContext authenticate(ContainerRequestContext request, String requestId) {
        String project = request.getHeaderString(PROJECT_HEADER);
        String projectId = project == null || project.isBlank() ? DEFAULT_PROJECT_ID : project.strip();
        return new RequestContext(USER_ID, USER_ID, "default", projectId, projectId, Set.of("admin"), true,
                requestId, request.getHeaderString(KeystoneAuthenticator.TOKEN_HEADER));
    }

    @Override
    public String challenge() {
        return "None";
    }
}
