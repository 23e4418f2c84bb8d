package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A conductor process as /v1/mservices shows it; its heartbeat bumps reportCount and updatedAt. */
@Entity
@Table(name = "magnum_service")
public class ConductorService {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false) public String host;
    @Column(nullable = false) public String binary;
    @Column(name = "report_count") public long reportCount;
    public boolean disabled;
    @Column(name = "disabled_reason") public String disabledReason;
    @Column(name = "last_seen_up") public Instant lastSeenUp;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
