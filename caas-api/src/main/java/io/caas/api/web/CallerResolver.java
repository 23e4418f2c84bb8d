package io.caas.api.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Set;

/** Finds the {@link Caller} of one request; registered in the ResourceConfig by {@link ApiServer}. */
@FunctionalInterface
public interface CallerResolver {
    /** The request property an authentication filter sets to a {@link Caller} once it checked the token. */
    String PROPERTY = "caas.caller";

    Caller resolve(ContainerRequestContext request);

    /**
     * Takes the caller an authentication filter put on the request; without one (auth_strategy = noauth), the caller
     * is an admin in the project named by X-Project-Id, or "default".
     */
    static CallerResolver noAuthDefault() {
        return request -> {
            if (request.getProperty(PROPERTY) instanceof Caller caller) {
                return caller;
            }
            String project = request.getHeaderString("X-Project-Id");
            String user = request.getHeaderString("X-User-Id");
            return new Caller(user == null || user.isBlank() ? "admin" : user,
                    project == null || project.isBlank() ? "default" : project, Set.of("admin"), true);
        };
    }
}
