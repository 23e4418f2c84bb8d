package io.caas.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling and on behalf of which project: what resources and the policy read. Built once per request
 * by {@link AuthenticationFilter} and kept as the request property {@link #PROPERTY}.
 *
 * @param userId       Keystone user id ("admin" in noauth mode)
 * @param userName     Keystone user name, for logs
 * @param userDomainId the user's domain; Magnum's policy calls it {@code domain_id}
 * @param projectId    the project the token is scoped to; null for an unscoped or domain-scoped token
 * @param projectName  the project's name, for logs
 * @param roles        role names on that project
 * @param isAdmin      Magnum's {@code context_is_admin}: the caller holds the admin role
 * @param requestId    {@code req-<uuid>}, also sent back as x-openstack-request-id
 * @param authToken    the caller's token, to act on its behalf towards other services; never logged
 */
public record RequestContext(String userId, String userName, String userDomainId, String projectId,
                             String projectName, Set<String> roles, boolean isAdmin, String requestId,
                             String authToken) {

    public static final String PROPERTY = RequestContext.class.getName();

    public RequestContext {
        roles = Set.copyOf(roles);
    }

    /** The context the filter stored on this request; fails loudly if the filter is not registered. */
    public static RequestContext of(ContainerRequestContext request) {
        Object context = request.getProperty(PROPERTY);
        if (context instanceof RequestContext requestContext) {
            return requestContext;
        }
        throw new IllegalStateException("No RequestContext on " + request.getUriInfo().getPath()
                + ": register io.caas.api.auth.AuthenticationFilter in the ResourceConfig");
    }

    /** The credentials an oslo.policy check string sees, named as Magnum's RequestContext.to_dict() names them. */
    public Map<String, Object> policyCredentials() {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("user_id", userId);
        credentials.put("user", userName);
        credentials.put("domain_id", userDomainId);
        credentials.put("user_domain_id", userDomainId);
        credentials.put("project_id", projectId);
        credentials.put("project_name", projectName);
        credentials.put("roles", List.copyOf(roles));
        credentials.put("is_admin", isAdmin);
        return credentials;
    }

    @Override
    public String toString() {
        return "RequestContext[request_id=" + requestId + " user_id=" + userId + " project_id=" + projectId
                + " roles=" + roles + " is_admin=" + isAdmin + "]";
    }
}
