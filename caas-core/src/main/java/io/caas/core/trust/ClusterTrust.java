package io.caas.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A cluster's Keystone identity: its trustee user (with the password only caas knows) and the trust from the user
 * who created the cluster to that trustee on the cluster's project. Stored only sealed ({@link SealedTrusts}).
 */
public record ClusterTrust(String trusteeUserId, String trusteeUserName, String trusteePassword, String trustId,
                           String projectId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        try {
            return JSON.writeValueAsString(Map.of("trustee_user_id", trusteeUserId, "trustee_user_name", trusteeUserName,
                    "trustee_password", trusteePassword, "trust_id", trustId, "project_id", projectId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterTrust fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new ClusterTrust(node.path("trustee_user_id").asText(), node.path("trustee_user_name").asText(),
                    node.path("trustee_password").asText(), node.path("trust_id").asText(),
                    node.path("project_id").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("A sealed cluster trust is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClusterTrust[trustee_user_id=" + trusteeUserId + " trust_id=" + trustId + " project_id=" + projectId + "]";
    }
}
