package io.caas.api.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What Keystone said about a user token: the identity it carries and what revocation events match on.
 *
 * @param auditId      the token's own audit id (first of audit_ids)
 * @param auditChainId the audit id of the token it was rescoped from (last of audit_ids; itself if none)
 */
public record ValidatedToken(String userId, String userName, String userDomainId, String projectId,
                             String projectName, String projectDomainId, Set<String> roles, Set<String> roleIds,
                             Instant issuedAt, Instant expiresAt, String auditId, String auditChainId) {
    public ValidatedToken {
        roles = Set.copyOf(roles);
        roleIds = Set.copyOf(roleIds);
    }
}
