package io.caas.api.auth;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of Keystone's {@code GET /v3/OS-REVOKE/events}. Keystone revokes every token for which all
 * attributes of the event hold; this applies the attributes a cached validation knows and treats the
 * others (trust, consumer, access token) as holding, so an event can evict more than needed, never less.
 */
record RevocationEvent(JsonNode attributes) {

    Instant revokedAt() {
        return attributes.hasNonNull("revoked_at") ? Instant.parse(attributes.get("revoked_at").asText()) : null;
    }

    boolean matches(ValidatedToken token) {
        for (Map.Entry<String, JsonNode> field : attributes.properties()) {
            if (!field.getValue().isNull() && !holds(field.getKey(), field.getValue().asText(), token)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(String attribute, String value, ValidatedToken token) {
        return switch (attribute) {
            case "user_id" -> value.equals(token.userId());
            case "project_id" -> value.equals(token.projectId());
            case "domain_id" -> value.equals(token.userDomainId()) || value.equals(token.projectDomainId());
            case "role_id" -> token.roleIds().contains(value);
            case "audit_id" -> value.equals(token.auditId());
            case "audit_chain_id" -> value.equals(token.auditChainId());
            case "issued_before" -> !token.issuedAt().isAfter(Instant.parse(value));
            case "expires_at" -> Instant.parse(value).equals(token.expiresAt());
            default -> true;
        };
    }
}
