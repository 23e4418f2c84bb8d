package io.caas.driver.swarmmode;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything one node's user data carries. The constructor refuses what could confuse the script or swarm
 * (names that are not DNS labels, label keys outside docker's alphabet, non-http URLs); values themselves are
 * free text and are quoted by {@link ShellOutputFormat} when rendered.
 */
public record NodeBootstrapParameters(
        String caasUrl, String caasApiCa, String clusterUuid, String nodeName, String role, boolean initializesSwarm,
        String nodeToken, String clusterRootCa, int enginePort, Map<String, String> engineLabels) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~/-]*)?");

    public NodeBootstrapParameters {
        require(DNS_LABEL.matcher(nodeName).matches(), "node name '" + nodeName + "' is not a DNS label");
        require(UUID.matcher(clusterUuid).matches(), "cluster uuid '" + clusterUuid + "' is not a lower-case UUID");
        require(SwarmRoles.MANAGER.equals(role) || SwarmRoles.WORKER.equals(role), "role must be manager or worker");
        require(!initializesSwarm || SwarmRoles.MANAGER.equals(role), "only a manager can initialise the swarm");
        require(HTTP_URL.matcher(caasUrl).matches(), "caas URL '" + caasUrl + "' must be http(s)://host[:port][/path]");
        require(enginePort > 0 && enginePort < 65536, "engine port " + enginePort + " is out of range");
        engineLabels.keySet().forEach(key -> require(LABEL_KEY.matcher(key).matches(),
                "label key '" + key + "' may only hold letters, digits, '.', '_' and '-'"));
        engineLabels = Map.copyOf(engineLabels);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Cannot render node bootstrap: " + problem);
        }
    }

    @Override
    public String toString() {
        return "NodeBootstrapParameters[node=" + nodeName + ", cluster=" + clusterUuid + ", role=" + role + "]";
    }
}
