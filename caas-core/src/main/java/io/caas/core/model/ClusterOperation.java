package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An accepted cluster operation (the transactional outbox). The API writes it in the same transaction as the
 * cluster change it answers 202 for, then publishes its uuid; a conductor marks it RUNNING and then DONE or
 * FAILED. A sweeper republishes what stayed PENDING (broker down) and recovers what stayed RUNNING on a dead
 * conductor, so every 202 reaches a terminal state.
 */
@Entity
@Table(name = "cluster_operation")
public class ClusterOperation {
    public enum State { PENDING, RUNNING, DONE, FAILED }

    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false, unique = true, length = 36) public String uuid;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    /** What to do: create, delete, resize, upgrade, rotate_ca, ... */
    @Column(nullable = false, length = 32) public String action;
    /** The action's arguments as JSON (resize's node_count, upgrade's template, ...). */
    @Column(columnDefinition = "TEXT") public String arguments;
    @Column(name = "request_id", length = 64) public String requestId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING) @Column(length = 16, nullable = false)
    public State state;
    public int attempts;
    @Column(columnDefinition = "TEXT") public String result;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
