package io.caas.conductor.health;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.persistence.Database;
import io.caas.core.spi.HealthReport;
import io.caas.core.spi.HealthReport.NodeHealth;
import io.caas.core.spi.HealthReport.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes a health report: the cluster's health_status/health_status_reason and each node's health, only where they
 * changed, with an event per transition. The writes are plain column updates, not versioned ones, so a health
 * check never makes the API's or an operation's write of the same row fail; and the cluster's are made only while
 * it is still in a checked status, so a report never lands on a cluster an operation has started on meanwhile.
 */
final class HealthRecorder {
    private final Database database;

    HealthRecorder(Database database) {
        this.database = database;
    }

    void record(Cluster before, List<ClusterNode> nodesBefore, HealthReport report, String requestId, Instant now) {
        for (ClusterNode node : nodesBefore) {
            NodeHealth health = report.nodes().get(node.name);
            if (health != null) {
                recordNode(before.uuid, node, health, requestId, now);
            }
        }
        String status = report.status().name();
        if (status.equals(before.healthStatus) && report.reasons().equals(before.healthStatusReason)) {
            return;
        }
        int written = database.transaction(s -> s.createMutationQuery(
                        "update Cluster set healthStatus = :h, healthStatusReason = :r where uuid = :u and status in (:checked)")
                .setParameter("h", status).setParameter("r", report.reasons()).setParameter("u", before.uuid)
                .setParameterList("checked", HealthClaims.CHECKED).executeUpdate());
        if (written == 1 && !status.equals(before.healthStatus)) {
            HealthView.record(database, before.uuid, requestId, "health_" + status.toLowerCase(java.util.Locale.ROOT),
                    "health " + Objects.requireNonNullElse(before.healthStatus, "not checked") + " -> " + status
                            + (report.status() == Status.HEALTHY ? "" : ": " + summary(report)));
        }
    }

    private void recordNode(String clusterId, ClusterNode node, NodeHealth health, String requestId, Instant now) {
        String status = health.status().name();
        if (status.equals(node.healthStatus) && Objects.equals(health.reason(), node.healthReason)) {
            return;
        }
        // the grace period auto-heal waits out counts from the first UNHEALTHY check in a row
        Instant since = health.status() != Status.UNHEALTHY ? null
                : node.unhealthySince != null ? node.unhealthySince : now;
        database.execute(s -> s.createMutationQuery("update ClusterNode set healthStatus = :h, healthReason = :r,"
                        + " unhealthySince = :since where uuid = :u")
                .setParameter("h", status).setParameter("r", truncate(health.reason())).setParameter("since", since)
                .setParameter("u", node.uuid).executeUpdate());
        if (!status.equals(node.healthStatus)) {
            HealthView.record(database, clusterId, requestId, "node_" + status.toLowerCase(java.util.Locale.ROOT),
                    node.name + " is " + status + (health.reason() == null ? "" : ": " + health.reason()));
        }
    }

    private static String summary(HealthReport report) {
        String nodes = report.nodes().entrySet().stream().filter(e -> e.getValue().status() != Status.HEALTHY)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue().reason()).collect(Collectors.joining(", "));
        return nodes.isEmpty() ? report.reasons().toString() : nodes;
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 255 ? reason : reason.substring(0, 255);
    }
}
