package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The claim on a cluster's next health check: the conductor that won it and when the next one is due. */
@Entity
@Table(name = "cluster_health_check")
public class ClusterHealthCheck {
    @Id @Column(name = "cluster_id", length = 36) public String clusterId;
    @Column(name = "checked_by") public String checkedBy;
    @Column(name = "next_check_at", nullable = false) public Instant nextCheckAt;
}
