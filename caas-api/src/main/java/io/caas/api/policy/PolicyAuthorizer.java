package io.caas.api.policy;

import io.caas.api.auth.RequestContext;
import io.caas.api.web.ApiException;
import io.caas.api.web.Authorizer;
import io.caas.api.web.Caller;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/** The API's {@link Authorizer}: the oslo-style {@link Policy} (Magnum 15's rules, overridable by a policy file). */
public final class PolicyAuthorizer implements Authorizer {
    private final Policy policy;

    public PolicyAuthorizer(Policy policy) {
        this.policy = policy;
    }

    @Override
    public void enforce(String rule, Caller caller, String targetProjectId, String targetUserId) {
        try {
            policy.enforce(rule, context(caller), target(targetProjectId, targetUserId));
        } catch (PolicyNotAuthorized denied) {
            throw ApiException.policy(rule);
        }
    }

    /** No target object: the caller's own project and user, as Magnum enforces collection rules. */
    private static Map<String, Object> target(String projectId, String userId) {
        if (projectId == null && userId == null) {
            return null;
        }
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", projectId);
        target.put("user_id", userId);
        return target;
    }

    private static RequestContext context(Caller caller) {
        return new RequestContext(caller.userId(), caller.userId(), null, caller.projectId(), caller.projectId(),
                caller.roles(), caller.isAdmin(), MDC.get("request_id"), null);
    }
}
