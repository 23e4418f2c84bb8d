package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One lifecycle step of a cluster (created, node joined, failed...), readable by its owner newest first. */
@Entity
@Table(name = "cluster_event")
public class ClusterEvent {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    @Column(nullable = false) public String kind;
    @Column(columnDefinition = "TEXT") public String message;
    @Column(name = "request_id") public String requestId;
    @Column(name = "created_at") public Instant createdAt;
}
