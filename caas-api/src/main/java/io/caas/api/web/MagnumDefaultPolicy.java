package io.caas.api.web;

import java.util.Objects;
import java.util.Set;

/**
 * Magnum 15's default policy: admin_api for services, quotas changes and listings, publishing templates and every
 * *_all_projects rule; admin_or_user for certificates; admin_or_owner wherever there is a target; otherwise any
 * authenticated caller.
 */
public final class MagnumDefaultPolicy implements Authorizer {
    private static final Set<String> ADMIN_API = Set.of("magnum-service:get_all", "quota:create", "quota:update",
            "quota:delete", "quota:get_all", "clustertemplate:publish");
    private static final Set<String> ADMIN_OR_USER = Set.of("certificate:create", "certificate:get");

    @Override
    public void enforce(String rule, Caller caller, String targetProjectId, String targetUserId) {
        if (!allowed(rule, caller, targetProjectId, targetUserId)) {
            throw ApiException.policy(rule);
        }
    }

    private static boolean allowed(String rule, Caller caller, String targetProjectId, String targetUserId) {
        if (caller.isAdmin()) {
            return true;
        }
        if (ADMIN_API.contains(rule) || rule.endsWith("_all_projects")) {
            return false;
        }
        if (ADMIN_OR_USER.contains(rule)) {
            return targetUserId == null || Objects.equals(caller.userId(), targetUserId);
        }
        return targetProjectId == null || Objects.equals(caller.projectId(), targetProjectId);
    }
}
