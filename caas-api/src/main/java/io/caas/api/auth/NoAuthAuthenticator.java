package io.caas.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code [api] auth_strategy = noauth}: no Keystone. Every request is user {@code admin} with the admin role,
 * in the project named by the {@code X-Project-Id} header (1-64 letters, digits, '-' or '_'; anything else is
 * 401), or in project {@value #DEFAULT_PROJECT_ID} without it. Any X-Auth-Token (OSC sends "notused" with
 * --os-auth-type none) is ignored. For development and tests only: whoever reaches the port is an admin.
 */
public final class NoAuthAuthenticator implements Authenticator {
    public static final String DEFAULT_PROJECT_ID = "default";
    public static final String USER_ID = "admin";
    static final String PROJECT_HEADER = "X-Project-Id";
    // the header is free text from anyone: only ids shaped like Keystone's (or short names) get through
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Override
    public RequestContext authenticate(ContainerRequestContext request, String requestId)
            throws AuthenticationFailedException {
        String project = request.getHeaderString(PROJECT_HEADER);
        String projectId = project == null || project.isBlank() ? DEFAULT_PROJECT_ID : project.strip();
        if (!PROJECT_ID.matcher(projectId).matches()) {
            throw new AuthenticationFailedException(PROJECT_HEADER
                    + " must be 1 to 64 letters, digits, '-' or '_'");
        }
        return new RequestContext(USER_ID, USER_ID, "default", projectId, projectId, Set.of("admin"), true,
                requestId, request.getHeaderString(KeystoneAuthenticator.TOKEN_HEADER));
    }

    @Override
    public String challenge() {
        return "None";
    }
}
