package io.caas.api.web;

/**
 * Policy enforcement, as oslo.policy does it for Magnum: a rule name, the caller, and the owner of the target
 * (null when the action has no target object).
 */
@FunctionalInterface
public interface Authorizer {
    /** Throws a 403 "Policy doesn't allow RULE to be performed." unless the caller may. */
    void enforce(String rule, Caller caller, String targetProjectId, String targetUserId);

    default boolean allows(String rule, Caller caller, String targetProjectId, String targetUserId) {
        try {
            enforce(rule, caller, targetProjectId, targetUserId);
            return true;
        } catch (ApiException denied) {
            return false;
        }
    }
}
