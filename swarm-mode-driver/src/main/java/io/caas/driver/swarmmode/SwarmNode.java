package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the Engine API's GET /nodes, reduced to what the driver decides on. {@code caasName} is the
 * node's io.caas.node engine label: caas's name for it, whatever the host calls itself.
 */
record SwarmNode(String id, long version, String caasName, String role, String state, String availability,
                 String reachability, String address, String certIssuerPublicKey) {
    static final String NAME_LABEL = "io.caas.node";

    static SwarmNode of(JsonNode node) {
        return new SwarmNode(
                node.path("ID").asText(),
                node.path("Version").path("Index").asLong(),
                node.path("Description").path("Engine").path("Labels").path(NAME_LABEL).asText(""),
                node.path("Spec").path("Role").asText(),
                node.path("Status").path("State").asText(),
                node.path("Spec").path("Availability").asText(),
                node.path("ManagerStatus").path("Reachability").asText(""),
                node.path("Status").path("Addr").asText(""),
                node.path("Description").path("TLSInfo").path("CertIssuerPublicKey").asText(""));
    }

    boolean isManager() {
        return SwarmRoles.MANAGER.equals(role);
    }

    /** Ready, on a certificate from {@code rootPublicKey}, and, for a manager, reachable in the raft. */
    boolean isReadyUnder(String rootPublicKey) {
        return "ready".equals(state) && rootPublicKey.equals(certIssuerPublicKey)
                && (!isManager() || "reachable".equals(reachability));
    }
}
