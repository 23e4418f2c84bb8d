package io.caas.api.web;

import java.util.Set;

/** Who makes a request, as Keystone's token (or the no-auth default) tells it. */
public record Caller(String userId, String projectId, Set<String> roles, boolean isAdmin) {
    public Caller {
        roles = Set.copyOf(roles);
    }
}
