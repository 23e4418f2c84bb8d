package io.caas.core.spi;

import java.util.Map;

/**
 * A driver's answer to "how is this cluster": the cluster's health_status and health_status_reason as Magnum shows
 * them, and each node's health by the node's name in cluster_node. A node the driver could not judge is left out.
 *
 * @param reasons Magnum's health_status_reason: {"api": "ok", "&lt;node&gt;.Ready": "True"|"False", ...}
 */
public record HealthReport(Status status, Map<String, String> reasons, Map<String, NodeHealth> nodes) {
    public enum Status { HEALTHY, UNHEALTHY, UNKNOWN }

    /** @param reason why the node is not HEALTHY; null when it is */
    public record NodeHealth(Status status, String reason) {
        public static NodeHealth healthy() {
            return new NodeHealth(Status.HEALTHY, null);
        }
    }

    public HealthReport {
        reasons = Map.copyOf(reasons);
        nodes = Map.copyOf(nodes);
    }

    /** The cluster cannot be asked at all (no API address, no answer): nothing is known about its nodes. */
    public static HealthReport unknown(String why) {
        return new HealthReport(Status.UNKNOWN, Map.of("api", why), Map.of());
    }
}
